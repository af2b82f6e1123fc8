import { RoomId, RoundNo } from "./room.ts";

/*
 * The client's page addresses, in one place, because pages link into each other across feature
 * folders: the report links each note into the replay (RPL10), the replay links back to the
 * report, and the room lists both. The writer and the reader of a deep link must agree on it.
 *
 *   /r/:roomId/report/:round
 *   /r/:roomId/replay/:round?t=<session-clock ms>&note=<note id>
 */

export interface RoundRoute {
  roomId: string;
  round: number;
}

/** Where a replay should open: `t` on the session clock (ms since the agenda started), `note` to highlight. */
export interface ReplayAt {
  t?: number | undefined;
  note?: string | undefined;
}

export const ReplayQuery = { SessionMs: "t", Note: "note" } as const;

const base = (roomId: string) => `/r/${encodeURIComponent(roomId)}`;

const roundRoute = (page: "report" | "replay", pathname: string): RoundRoute | null => {
  const m = new RegExp(`^/r/([^/]+)/${page}/(\\d{1,2})/?$`).exec(pathname);
  if (!m) return null;
  let id: string;
  try {
    id = decodeURIComponent(m[1] ?? "");
  } catch {
    return null;
  }
  const roomId = RoomId.safeParse(id);
  const round = RoundNo.safeParse(Number(m[2]));
  return roomId.success && round.success ? { roomId: roomId.data, round: round.data } : null;
};

export const reportPath = (roomId: string, round: number): string => `${base(roomId)}/report/${round}`;
export const reportRouteOf = (pathname: string): RoundRoute | null => roundRoute("report", pathname);

export const replayPath = (roomId: string, round: number, at: ReplayAt = {}): string => {
  const q: string[] = [];
  if (at.t !== undefined && Number.isFinite(at.t)) q.push(`${ReplayQuery.SessionMs}=${Math.max(0, Math.round(at.t))}`);
  if (at.note) q.push(`${ReplayQuery.Note}=${encodeURIComponent(at.note)}`);
  return `${base(roomId)}/replay/${round}${q.length ? `?${q.join("&")}` : ""}`;
};
export const replayRouteOf = (pathname: string): RoundRoute | null => roundRoute("replay", pathname);

const NOTE_ID = /^[A-Za-z0-9_-]{8,32}$/;

/** Reads `?t=&note=`; anything malformed is dropped, so a mangled link still opens the replay. */
export const replayAtOf = (search: string): ReplayAt => {
  // Plain parsing: shared runs without the DOM library, and both values are URL-safe when valid.
  const q = new Map<string, string>();
  for (const pair of search.replace(/^\?/, "").split("&")) {
    const eq = pair.indexOf("=");
    if (eq > 0 && !q.has(pair.slice(0, eq))) q.set(pair.slice(0, eq), pair.slice(eq + 1));
  }
  const rawT = q.get(ReplayQuery.SessionMs);
  const t = rawT !== undefined && /^\d{1,10}$/.test(rawT) ? Number(rawT) : undefined;
  const rawNote = q.get(ReplayQuery.Note);
  const note = rawNote !== undefined && NOTE_ID.test(rawNote) ? rawNote : undefined;
  return { t, note };
};
