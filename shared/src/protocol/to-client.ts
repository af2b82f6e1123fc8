import { z } from "zod";
import { ParticipantView, RoomMeta } from "../domain/room.ts";
import type { WireError } from "./errors.ts";
import type { AudioEnded, AudioRoster, AudioSignalIn } from "./audio.ts";
import type { CockpitState, RoundPublic } from "./scoring.ts";
import type { RecordingState } from "./recording.ts";

/** Everyone in the room gets this; it holds nothing private to interviewers. */
export const RoomState = z.object({
  room: RoomMeta,
  participants: z.array(ParticipantView),
  /** Server clock at send time, so clients can correct countdowns for skew. */
  serverNow: z.number(),
});
export type RoomState = z.infer<typeof RoomState>;

/** Server → client events. The payload types are the only place these names are defined. */
export interface ServerToClientEvents {
  "room:state": (state: RoomState) => void;
  "session:error": (error: WireError) => void;
  /** Everyone in the room: the current round's public state (SC1, TM1). */
  "round:state": (state: RoundPublic) => void;
  /** One interviewer's private cockpit; null when this participant has none (e.g. after a swap). */
  "cockpit:state": (state: CockpitState | null) => void;
  /** Peer-to-peer audio (AUD*): who is in audio (to everyone in the room), relayed signals, eviction. */
  "audio:roster": (roster: AudioRoster) => void;
  "audio:signal": (signal: AudioSignalIn) => void;
  "audio:ended": (msg: AudioEnded) => void;
  /** Everyone in the room: whether recording runs and who consented (CON1), on connect and on every change. */
  "recording:state": (state: RecordingState) => void;
}
