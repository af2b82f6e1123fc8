import {
  formatClock,
  sessionClockLabel,
  type ReplayAt,
  type Timeline,
  type TimelineParticipant,
} from "@mockroom/shared";

/*
 * What the replay page derives from a timeline, framework-free: marker lanes, per-author activity
 * spans and the idle stretches "skip idle" jumps over. Times are server ms throughout.
 */

export type MarkerLane = "phases" | "people" | "notes" | "scores" | "recording";

export interface Marker {
  id: string;
  t: number;
  lane: MarkerLane;
  label: string;
  /** A note's text or a score's level, for the side list and tooltips. */
  detail?: string;
  /** The note's id, for deep links from the report (notes lane only). */
  noteId?: string;
  actorId: string | null;
}

export type ActivityKind = "drawing" | "typing" | "talking";

export interface ActivitySpan {
  participantId: string;
  kind: ActivityKind;
  from: number;
  to: number;
}

/** Two edits closer than this belong to one stretch of drawing or typing. */
export const ACTIVITY_JOIN_MS = 3_000;
/** The minimum visible length of a stretch, so a single stroke still shows on the strip. */
export const ACTIVITY_MIN_MS = 1_000;
/** Nothing happening for this long is "idle" and can be skipped. */
export const IDLE_MIN_MS = 8_000;

const nameOf = (people: readonly TimelineParticipant[], id: string | null) =>
  people.find((p) => p.id === id)?.name ?? "Someone";

const str = (data: unknown, key: string): string | null => {
  if (typeof data !== "object" || data === null) return null;
  const v: unknown = Reflect.get(data, key);
  return typeof v === "string" ? v : null;
};

export const buildMarkers = (tl: Timeline): Marker[] => {
  const out: Marker[] = [];
  tl.events.forEach((e, i) => {
    const who = nameOf(tl.participants, e.actorId);
    const id = `e${i}`;
    switch (e.kind) {
      case "phase":
        out.push({
          id,
          t: e.ts,
          lane: "phases",
          label: `Phase: ${str(e.data, "title") ?? "next"}`,
          actorId: e.actorId,
        });
        break;
      case "swap":
        out.push({ id, t: e.ts, lane: "phases", label: "Roles swapped", actorId: e.actorId });
        break;
      case "release":
        out.push({ id, t: e.ts, lane: "phases", label: "Feedback released", actorId: e.actorId });
        break;
      case "join":
      case "leave":
        out.push({
          id,
          t: e.ts,
          lane: "people",
          label: `${who} ${e.kind === "join" ? "joined" : "left"}`,
          actorId: e.actorId,
        });
        break;
      case "recording-paused":
      case "recording-resumed":
        out.push({
          id,
          t: e.ts,
          lane: "recording",
          label: `${who} ${e.kind === "recording-paused" ? "paused" : "resumed"} recording`,
          actorId: e.actorId,
        });
        break;
    }
  });
  for (const n of tl.notes)
    out.push({
      id: `n-${n.id}`,
      t: n.ts,
      lane: "notes",
      label: `Note by ${nameOf(tl.participants, n.authorId)}`,
      detail: n.text,
      noteId: n.id,
      actorId: n.authorId,
    });
  tl.scores.forEach((s, i) =>
    out.push({
      id: `s${i}`,
      t: s.ts,
      lane: "scores",
      label: `${s.dimensionId}: ${s.level === null ? "cleared" : `level ${s.level}`}`,
      actorId: s.authorId,
    }),
  );
  return out.sort((a, b) => a.t - b.t);
};

/** Merges moments into spans: points closer than ACTIVITY_JOIN_MS join. */
const spansOf = (times: readonly number[], participantId: string, kind: ActivityKind): ActivitySpan[] => {
  const out: ActivitySpan[] = [];
  for (const t of times) {
    const last = out.at(-1);
    if (last && t - last.to <= ACTIVITY_JOIN_MS) last.to = Math.max(last.to, t);
    else out.push({ participantId, kind, from: t, to: t });
  }
  for (const s of out) s.to = Math.max(s.to, s.from + ACTIVITY_MIN_MS);
  return out;
};

/**
 * Who was drawing, typing or talking when. Drawing and typing come from the document changes;
 * talking from audio level envelopes (`talking`: per participant, moments the level was above the
 * speech threshold), which the page measures once the tracks are decoded.
 */
export const activitySpans = (
  tl: Timeline,
  talking: ReadonlyMap<string, readonly number[]> = new Map(),
): ActivitySpan[] => {
  const drawing = new Map<string, number[]>();
  const typing = new Map<string, number[]>();
  for (const c of tl.changes) {
    if (c.b) (drawing.get(c.a) ?? drawing.set(c.a, []).get(c.a)!).push(c.t);
    if (c.p || c.l !== undefined) (typing.get(c.a) ?? typing.set(c.a, []).get(c.a)!).push(c.t);
  }
  const out: ActivitySpan[] = [];
  for (const [id, times] of drawing) out.push(...spansOf(times, id, "drawing"));
  for (const [id, times] of typing) out.push(...spansOf(times, id, "typing"));
  for (const [id, times] of talking)
    out.push(
      ...spansOf(
        [...times].sort((a, b) => a - b),
        id,
        "talking",
      ),
    );
  return out.sort((a, b) => a.from - b.from);
};

/** Stretches of at least IDLE_MIN_MS where nobody drew, typed or talked and nothing was marked. */
export const idleSpans = (
  start: number,
  end: number,
  activity: readonly ActivitySpan[],
  markers: readonly Marker[],
): [number, number][] => {
  const busy: [number, number][] = [
    ...activity.map((a): [number, number] => [a.from, a.to]),
    ...markers.filter((m) => m.lane !== "people").map((m): [number, number] => [m.t - 500, m.t + 1_500]),
  ].sort((a, b) => a[0] - b[0]);
  const out: [number, number][] = [];
  let cursor = start;
  for (const [from, to] of busy) {
    if (from - cursor >= IDLE_MIN_MS) out.push([cursor, from - 500]);
    cursor = Math.max(cursor, to);
  }
  if (end - cursor >= IDLE_MIN_MS) out.push([cursor, end]);
  return out;
};

/** Markers J/L step between (joins and leaves are noise for that). */
const jumpable = (m: Marker) => m.lane !== "people";

export const nextMarker = (markers: readonly Marker[], t: number): Marker | undefined =>
  markers.find((m) => jumpable(m) && m.t > t + 250);

export const prevMarker = (markers: readonly Marker[], t: number): Marker | undefined =>
  markers.findLast((m) => jumpable(m) && m.t < t - 750);

/** What a clock on the replay counts from: the timeline's first moment and the session clock's origin. */
export interface ClockFrame {
  start: number;
  /** When the round's agenda started (`Timeline.sessionStartedAt`); null if it never did. */
  origin: number | null;
}

/**
 * The playhead as people read it: the session clock, the one the report's note stamps and the
 * room's agenda timer use (RPL10). Only a round whose agenda never started counts from the
 * timeline's first moment, since it has no session clock.
 */
export const clockLabel = (t: number, c: ClockFrame): string =>
  c.origin === null ? formatClock(Math.max(0, t - c.start)) : sessionClockLabel(c.origin, t);

/** A note's time, exactly as the report prints it (same function, same inputs). */
export const noteClockLabel = (t: number, c: ClockFrame): string => sessionClockLabel(c.origin, t);

/** The session's length on the clock the page shows. */
export const lengthLabel = (c: ClockFrame & { end: number }): string =>
  formatClock(Math.max(0, c.end - (c.origin ?? c.start)));

/**
 * Where a deep link (`?t=<session ms>&note=<id>`, RPL10) opens the paused player: at the note's own
 * moment when the note is on this timeline (exact even if `t` was rounded), else at `t` on the
 * session clock, clamped by the player. Null when the link names neither.
 */
export const deepLinkTarget = (
  markers: readonly Marker[],
  c: ClockFrame,
  at: ReplayAt,
): { t: number; noteId: string | null } | null => {
  const note = at.note ? markers.find((m) => m.lane === "notes" && m.noteId === at.note) : undefined;
  if (note) return { t: note.t, noteId: note.noteId ?? null };
  if (at.t !== undefined) return { t: (c.origin ?? c.start) + at.t, noteId: null };
  return null;
};
