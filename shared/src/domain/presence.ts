import { z } from "zod";
import { DisplayName, ParticipantId, Role } from "./room.ts";

/**
 * What each browser publishes about itself in Yjs awareness (not stored; relayed by the server to
 * the round's other clients). Awareness is written by other people's browsers, so readers parse it
 * like any wire input. `color`/`colorLight` duplicate `colour` because y-codemirror.next reads
 * those exact names for remote carets.
 */
export const AwarenessUser = z.object({
  participantId: ParticipantId,
  name: DisplayName,
  role: Role,
  colour: z.string().regex(/^#[0-9a-fA-F]{6}$/),
  color: z.string(),
  colorLight: z.string(),
});
export type AwarenessUser = z.infer<typeof AwarenessUser>;

const finite = z.number().finite();
/** Element ids one person can have selected at once, as published in awareness (count). */
export const MAX_SELECTED_IDS = 500;

export const BoardViewport = z.object({
  /** Centre of the visible area in scene coordinates, so followers with other window sizes line up. */
  cx: finite,
  cy: finite,
  zoom: z.number().min(0.05).max(40),
});
export type BoardViewport = z.infer<typeof BoardViewport>;

/** A person's pointer, selection and viewport on the board (remote cursors, Follow). */
export const BoardPresence = z.object({
  pointer: z.object({ x: finite, y: finite, tool: z.enum(["pointer", "laser"]) }).nullable(),
  button: z.enum(["up", "down"]),
  selected: z.array(z.string().max(64)).max(MAX_SELECTED_IDS),
  viewport: BoardViewport.nullable(),
});
export type BoardPresence = z.infer<typeof BoardPresence>;
