/** Every size and rate limit the server enforces, in one place, with its unit in the name. */
export const MAX_MESSAGE_BYTES = 1_000_000;
export const MAX_DOC_BYTES = 20_000_000;
/** Yjs messages (updates + awareness) per connection per second, as a token bucket. */
export const MAX_YJS_MESSAGES_PER_SECOND = 60;
export const YJS_MESSAGE_BURST = 240;
/** Control-channel (Socket.io) events per connection per second. */
export const MAX_CONTROL_EVENTS_PER_SECOND = 20;
export const CONTROL_EVENT_BURST = 60;
export const MAX_PARTICIPANTS_PER_ROOM = 8;
export const MAX_TITLE_CHARS = 120;
export const MAX_NAME_CHARS = 40;
export const MAX_NOTE_CHARS = 4_000;
export const MAX_SIGNAL_BYTES = 64_000;
/** Audio signals (offers, answers, ICE candidates) per connection per second, on top of the control limit. */
export const MAX_AUDIO_SIGNALS_PER_SECOND = 10;
export const AUDIO_SIGNAL_BURST = 40;
export const MAX_ICE_CANDIDATE_CHARS = 1_024;
/** People in one room's peer-to-peer audio mesh (every sender uploads one stream per peer). */
export const MAX_P2P_AUDIO_PEERS = 4;
/** One uploaded audio chunk (a second of Opus is about 16 KB). */
export const MAX_AUDIO_CHUNK_BYTES = 512_000;
/** Highest chunk sequence number: about 14 hours at one chunk per second. */
export const MAX_AUDIO_CHUNK_SEQ = 50_000;
/** Tracks per round (each pause, reload or device change starts a new one). */
export const MAX_AUDIO_TRACKS_PER_ROUND = 200;
