import { z } from "zod";
import { ParticipantId, Role, RoomId, RoundNo } from "./room.ts";

/*
 * The replay timeline of one round: everything that happened, on the server clock, in one payload.
 * The server decodes the Yjs log into visible-state changes (`DocChange`) so a player needs no Yjs
 * and can rebuild the board and pad at any time t from keyframes (see docs/PROTOCOL.md, RP rules).
 */

/** An element id as the board map keys it. */
const ElementId = z.string().min(1).max(64);

/**
 * A board element as stored in the map: the fields replay relies on are checked, the rest of the
 * Excalidraw element travels untouched (the renderer reads what it knows).
 */
export const TimelineElement = z.looseObject({
  id: ElementId,
  type: z.string().max(32),
  version: z.number(),
  versionNonce: z.number(),
  index: z.string().max(256).nullable().optional(),
  isDeleted: z.boolean().optional(),
});
export type TimelineElement = z.infer<typeof TimelineElement>;

/**
 * One retained/inserted/deleted run of the pad text, as Y.Text reports it (attributes dropped).
 * Short keys: a 60-minute session has tens of thousands of these.
 */
export const TextOp = z.union([
  z.object({ r: z.number().int().min(1) }),
  z.object({ i: z.string() }),
  z.object({ d: z.number().int().min(1) }),
]);
export type TextOp = z.infer<typeof TextOp>;

/**
 * The visible effect of one accepted document update. `b` lists board writes (`null` = the key was
 * removed from the map; tombstones are ordinary elements with `isDeleted`), `p` is the pad delta
 * against the text before this change, `l` a new pad language.
 */
export const DocChange = z.object({
  /** Server clock (ms) when the update was accepted. */
  t: z.number(),
  /** Participant id of the author. */
  a: z.string().max(64),
  b: z.array(z.tuple([ElementId, TimelineElement.nullable()])).optional(),
  p: z.array(TextOp).optional(),
  l: z.string().max(32).optional(),
});
export type DocChange = z.infer<typeof DocChange>;

/** Room events on the timeline: joins, leaves, phases, swaps, releases, recording pauses… */
export const TimelineEvent = z.object({
  ts: z.number(),
  kind: z.string().min(1).max(64),
  actorId: z.string().max(64).nullable(),
  data: z.unknown(),
});
export type TimelineEvent = z.infer<typeof TimelineEvent>;

/** An interviewer's note, visible to a candidate only after release (the scoring service decides). */
export const TimelineNote = z.object({
  id: z.string().min(1).max(64),
  ts: z.number(),
  authorId: z.string().max(64),
  text: z.string(),
  dimensionId: z.string().max(64).nullable().optional(),
  tags: z.array(z.string().max(64)).optional(),
});
export type TimelineNote = z.infer<typeof TimelineNote>;

export const TimelineScore = z.object({
  ts: z.number(),
  authorId: z.string().max(64),
  dimensionId: z.string().max(64),
  level: z.number().int().min(1).max(4).nullable(),
});
export type TimelineScore = z.infer<typeof TimelineScore>;

/** One continuous recording of one person's microphone; a pause or a reload starts a new track. */
export const AudioTrackInfo = z.object({
  trackId: z.string(),
  participantId: ParticipantId,
  /** Server clock (ms) of the track's first sample. */
  startedAt: z.number(),
  durationMs: z.number().min(0),
  bytes: z.number().int().min(0),
  /** Chunks stored; gaps in the sequence are skipped when the track is assembled. */
  chunks: z.number().int().min(0),
});
export type AudioTrackInfo = z.infer<typeof AudioTrackInfo>;

export const TimelineParticipant = z.object({
  id: ParticipantId,
  name: z.string(),
  role: Role,
  colour: z.string(),
});
export type TimelineParticipant = z.infer<typeof TimelineParticipant>;

export const Timeline = z.object({
  roomId: RoomId,
  round: RoundNo,
  title: z.string(),
  /** First and last moment on the timeline (server ms); equal when nothing happened. */
  startedAt: z.number(),
  endedAt: z.number(),
  /**
   * Origin of the session clock (server ms the round's agenda started, `RoundPublic.startedAt`);
   * null if it never started. Times on the replay page and note stamps in the report both count
   * from it (`sessionClockLabel`, RPL10).
   */
  sessionStartedAt: z.number().nullable(),
  participants: z.array(TimelineParticipant),
  changes: z.array(DocChange),
  events: z.array(TimelineEvent),
  notes: z.array(TimelineNote),
  scores: z.array(TimelineScore),
  tracks: z.array(AudioTrackInfo),
  /** Whether the interviewers' notes and scores were released to the candidate. */
  released: z.boolean(),
  viewer: z.object({ participantId: ParticipantId, role: Role }),
});
export type Timeline = z.infer<typeof Timeline>;

/** Room event kinds the recording feature writes (others come from rooms and scoring). */
export const RecordingEventKind = {
  Paused: "recording-paused",
  Resumed: "recording-resumed",
  Consent: "recording-consent",
  ReplayAccess: "replay-access",
} as const;

/** Applies a pad delta; throws on a delta that does not fit the text (a corrupt timeline). */
export const applyTextOps = (text: string, ops: readonly TextOp[]): string => {
  let out = "";
  let pos = 0;
  for (const op of ops) {
    if ("r" in op) {
      if (pos + op.r > text.length) throw new RangeError("retain past the end of the text");
      out += text.slice(pos, pos + op.r);
      pos += op.r;
    } else if ("i" in op) {
      out += op.i;
    } else {
      if (pos + op.d > text.length) throw new RangeError("delete past the end of the text");
      pos += op.d;
    }
  }
  return out + text.slice(pos);
};

/*
 * Parsing a timeline at the edge, fast. A 60-minute session carries ~50,000 changes and ~20,000
 * whole elements; zod validated them in 200–380 ms, most of the player's first frame. The envelope
 * (participants, events, notes…) still goes through zod; the changes get a hand-written check with
 * exactly the rules of `DocChange` above (the shared tests hold the two in agreement).
 */
const isStr = (v: unknown, max: number, min = 0): v is string =>
  typeof v === "string" && v.length >= min && v.length <= max;
const isNum = (v: unknown): v is number => typeof v === "number" && Number.isFinite(v);
const isPosInt = (v: unknown): v is number => Number.isSafeInteger(v) && (v as number) >= 1;

const isTimelineElement = (v: unknown): v is TimelineElement => {
  if (typeof v !== "object" || v === null || Array.isArray(v)) return false;
  const o = v as Record<string, unknown>;
  const index = o["index"];
  const isDeleted = o["isDeleted"];
  return (
    isStr(o["id"], 64, 1) &&
    isStr(o["type"], 32) &&
    isNum(o["version"]) &&
    isNum(o["versionNonce"]) &&
    (index === undefined || index === null || isStr(index, 256)) &&
    (isDeleted === undefined || typeof isDeleted === "boolean")
  );
};

const isTextOp = (v: unknown): v is TextOp => {
  if (typeof v !== "object" || v === null) return false;
  const o = v as Record<string, unknown>;
  if ("r" in o) return isPosInt(o["r"]);
  if ("i" in o) return typeof o["i"] === "string";
  return "d" in o && isPosInt(o["d"]);
};

/**
 * `DocChange.safeParse(v).success`, much faster. Unknown keys are tolerated rather than stripped; a
 * text op that zod would accept only by stripping a conflicting key (`{ r: "x", i: "a" }`) is refused.
 */
export const isDocChange = (v: unknown): v is DocChange => {
  if (typeof v !== "object" || v === null || Array.isArray(v)) return false;
  const c = v as Record<string, unknown>;
  if (!isNum(c["t"]) || !isStr(c["a"], 64)) return false;
  const b = c["b"];
  if (b !== undefined) {
    if (!Array.isArray(b)) return false;
    for (const w of b as unknown[]) {
      if (!Array.isArray(w) || w.length !== 2 || !isStr(w[0], 64, 1)) return false;
      if (w[1] !== null && !isTimelineElement(w[1])) return false;
    }
  }
  const p = c["p"];
  if (p !== undefined && !(Array.isArray(p) && (p as unknown[]).every(isTextOp))) return false;
  const l = c["l"];
  return l === undefined || isStr(l, 32);
};

/** The timeline minus its changes, for zod. */
const TimelineEnvelope = Timeline.omit({ changes: true }).extend({ changes: z.array(z.unknown()) });

/** Parses a timeline from untrusted JSON: zod for the envelope, `isDocChange` for the changes. */
export const parseTimeline = (v: unknown): { success: true; data: Timeline } | { success: false } => {
  const env = TimelineEnvelope.safeParse(v);
  if (!env.success || !env.data.changes.every(isDocChange)) return { success: false };
  return { success: true, data: env.data as Timeline };
};
