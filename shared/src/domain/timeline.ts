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
