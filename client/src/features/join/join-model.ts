import { RoomId, type Role } from "@mockroom/shared";
import { loadArrival, markArrival, saveInvite, type RoomCredentials } from "../../session/index.ts";

/** `#invite=<token>` → token. The fragment never reaches the server, so tokens stay out of logs. */
export const readInviteFragment = (hash: string): string | null => {
  const token = new URLSearchParams(hash.replace(/^#/, "")).get("invite");
  return token && token.length > 0 ? token : null;
};

/** `/r/<roomId>` → roomId, or undefined for other paths; null when the id is malformed. */
export const roomIdFromPath = (pathname: string): string | null | undefined => {
  const m = /^\/r\/([^/]+)\/?$/.exec(pathname);
  if (!m) return undefined;
  const parsed = RoomId.safeParse(decodeURIComponent(m[1] ?? ""));
  return parsed.success ? parsed.data : null;
};

/**
 * Moves an invite from the address bar into storage and removes it from the URL (so it is not
 * shared by a screenshot, a bookmark or a copied address). Runs before the route renders.
 */
export const absorbInviteFragment = (loc: Location, history: History): void => {
  const roomId = roomIdFromPath(loc.pathname);
  const invite = readInviteFragment(loc.hash);
  if (!roomId || !invite) return;
  saveInvite(roomId, invite);
  markArrival(roomId, invite);
  history.replaceState(history.state, "", `${loc.pathname}${loc.search}`);
};

export type Entry =
  { kind: "room"; credentials: RoomCredentials } | { kind: "join"; invite: string } | { kind: "no-invite" };

export interface EntryInputs {
  credentials: RoomCredentials | null;
  /** The invite this tab arrived with, if any. */
  arrived: string | null;
  /** Any invite this browser kept for the room. */
  stored: string | null;
}

/** Straight into the room if this browser already joined with this invite; otherwise the join page. */
export const decideEntry = ({ credentials, arrived, stored }: EntryInputs): Entry => {
  if (credentials && (!arrived || arrived === credentials.invite)) return { kind: "room", credentials };
  const invite = arrived ?? stored;
  return invite ? { kind: "join", invite } : { kind: "no-invite" };
};

export const arrivedInvite = (roomId: string): string | null => loadArrival(roomId);

/**
 * The earlier participant token to send as `previous`: only for the same role, because the server
 * hands back the earlier participant (and its role) when it honours `previous`.
 */
export const previousTokenFor = (
  stored: Pick<RoomCredentials, "token" | "role"> | null,
  inviteRole: Role,
): string | undefined => (stored && stored.role === inviteRole ? stored.token : undefined);
