import { z } from "zod";
import type { Ack } from "./errors.ts";
import { PROTOCOL_VERSION } from "./version.ts";
import {
  AddNote,
  AdvancePhase,
  DeleteNote,
  EditNote,
  ReleaseFeedback,
  SetPrompt,
  SetScore,
  SwapRoles,
  SyncRound,
  type Note,
  type RoundPublic,
  type RoundSync,
  type ScoreSaved,
} from "./scoring.ts";
import { AudioJoin, AudioLeave, AudioMute, AudioSignalOut, type AudioRoster } from "./audio.ts";
import { RecordingConsent, RecordingToggle, type RecordingState } from "./recording.ts";

/** Socket.io handshake `auth` payload, checked by the server's middleware. */
export const HandshakeAuth = z.object({
  token: z.string().min(1).max(2_000),
  v: z.literal(PROTOCOL_VERSION),
});
export type HandshakeAuth = z.infer<typeof HandshakeAuth>;

export const Ping = z.object({ t: z.number() });
export type Ping = z.infer<typeof Ping>;

/** Client → server events. Every payload is parsed with its schema at the server edge. */
export interface ClientToServerEvents {
  /** Clock sync: the server acks with its own clock. */
  "clock:ping": (msg: Ping, ack: Ack<{ t: number; server: number }>) => void;
  /** Cockpit (SC*, TM*, PR*, SW*): the current round, plus the caller's cockpit if an interviewer. */
  "round:sync": (msg: SyncRound, ack: Ack<RoundSync>) => void;
  "prompt:set": (msg: SetPrompt, ack: Ack<RoundPublic>) => void;
  "score:set": (msg: SetScore, ack: Ack<ScoreSaved>) => void;
  "note:add": (msg: AddNote, ack: Ack<Note>) => void;
  "note:delete": (msg: DeleteNote, ack: Ack<{ noteId: string }>) => void;
  "note:edit": (msg: EditNote, ack: Ack<Note>) => void;
  "phase:advance": (msg: AdvancePhase, ack: Ack<RoundPublic>) => void;
  "feedback:release": (msg: ReleaseFeedback, ack: Ack<RoundPublic>) => void;
  "round:swap": (msg: SwapRoles, ack: Ack<{ round: number }>) => void;
  /** Peer-to-peer audio (AUD*): join acks the roster to connect to; signals are relayed to `to` only. */
  "audio:join": (msg: AudioJoin, ack: Ack<AudioRoster>) => void;
  "audio:leave": (msg: AudioLeave, ack: Ack<null>) => void;
  "audio:mute": (msg: AudioMute, ack: Ack<null>) => void;
  "audio:signal": (msg: AudioSignalOut, ack: Ack<null>) => void;
  /** Recording (CON*): answer the consent question; interviewers pause and resume for everyone. */
  "recording:consent": (msg: RecordingConsent, ack: Ack<RecordingState>) => void;
  "recording:pause": (msg: RecordingToggle, ack: Ack<RecordingState>) => void;
  "recording:resume": (msg: RecordingToggle, ack: Ack<RecordingState>) => void;
}

/** Schemas by event name, so the server edge can parse every payload generically. */
export const ClientEventSchemas = {
  "clock:ping": Ping,
  "round:sync": SyncRound,
  "prompt:set": SetPrompt,
  "score:set": SetScore,
  "note:add": AddNote,
  "note:delete": DeleteNote,
  "note:edit": EditNote,
  "phase:advance": AdvancePhase,
  "feedback:release": ReleaseFeedback,
  "round:swap": SwapRoles,
  "audio:join": AudioJoin,
  "audio:leave": AudioLeave,
  "audio:mute": AudioMute,
  "audio:signal": AudioSignalOut,
  "recording:consent": RecordingConsent,
  "recording:pause": RecordingToggle,
  "recording:resume": RecordingToggle,
} satisfies { [K in keyof ClientToServerEvents]: z.ZodType };
