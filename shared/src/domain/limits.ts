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
