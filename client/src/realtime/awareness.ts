import type { Awareness } from "y-protocols/awareness";
import { z } from "zod";
import { AwarenessUser, BoardPresence, type ParticipantView } from "@mockroom/shared";

// The schemas (AwarenessUser, BoardPresence, BoardViewport) live in shared/src/domain/presence.ts.
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
