import type { Awareness } from "y-protocols/awareness";
import { z } from "zod";
import { DisplayName, ParticipantId, Role, type ParticipantView } from "@mockroom/shared";

/**
 * Awareness is written by other people's browsers, so it is parsed like any wire input.
 * `color`/`colorLight` duplicate `colour` because y-codemirror.next reads those exact names for
 * remote carets.
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
const MAX_SELECTED_IDS = 500;

export const BoardViewport = z.object({
  /** Centre of the visible area in scene coordinates, so followers with other window sizes line up. */
  cx: finite,
  cy: finite,
  zoom: z.number().min(0.05).max(40),
});
export type BoardViewport = z.infer<typeof BoardViewport>;

export const BoardPresence = z.object({
  pointer: z.object({ x: finite, y: finite, tool: z.enum(["pointer", "laser"]) }).nullable(),
  button: z.enum(["up", "down"]),
  selected: z.array(z.string().max(64)).max(MAX_SELECTED_IDS),
  viewport: BoardViewport.nullable(),
});
export type BoardPresence = z.infer<typeof BoardPresence>;

const PeerState = z.object({ user: AwarenessUser, board: BoardPresence.optional() });

export interface Peer {
  clientId: number;
  user: AwarenessUser;
  board: BoardPresence | undefined;
}

/** Mixes a #rrggbb colour toward black by `amount` (0..1). */
export const shade = (hex: string, amount: number): string => {
  const n = Number.parseInt(hex.slice(1), 16);
  const ch = (shift: number) => Math.round(((n >> shift) & 255) * (1 - amount));
  return `#${((ch(16) << 16) | (ch(8) << 8) | ch(0)).toString(16).padStart(6, "0")}`;
};

export const userFor = (me: Pick<ParticipantView, "id" | "name" | "role" | "colour">): AwarenessUser => ({
  participantId: me.id,
  name: me.name,
  role: me.role,
  colour: me.colour,
  // y-codemirror draws the name label in white on `color`: darkened so it reads (4.5:1) on every hue.
  color: shade(me.colour, 0.22),
  colorLight: `${me.colour}33`,
});

/** Everyone else's parsed state; peers with a malformed state are left out rather than trusted. */
export const readPeers = (awareness: Awareness): Peer[] => {
  const peers: Peer[] = [];
  for (const [clientId, raw] of awareness.getStates()) {
    if (clientId === awareness.clientID) continue;
    const parsed = PeerState.safeParse(raw);
    if (parsed.success) peers.push({ clientId, user: parsed.data.user, board: parsed.data.board });
  }
  return peers;
};

/** Sets a top-level field of our own state only if it changed (every set is a network message). */
export const setLocalField = (awareness: Awareness, field: string, value: unknown): void => {
  const current: unknown = awareness.getLocalState()?.[field];
  if (JSON.stringify(current) === JSON.stringify(value)) return;
  awareness.setLocalStateField(field, value);
};
