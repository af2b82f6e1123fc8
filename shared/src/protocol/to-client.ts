import { z } from "zod";
import { ParticipantView, RoomMeta } from "../domain/room.ts";
import type { WireError } from "./errors.ts";

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
}
