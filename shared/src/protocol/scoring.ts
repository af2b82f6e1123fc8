import { z } from "zod";
import { ParticipantId, RoomId, RoundNo, Title } from "../domain/room.ts";
import { RoundType } from "../domain/round-type.ts";
import { AgendaPhase, CandidatePrompt, Level, Prompt, Rubric, Slug } from "../domain/rubric.ts";

/*
 * The interviewer's cockpit on the wire (rules SC*, TM*, PR*, SW*, RP* in docs/PROTOCOL.md).
 *
 * Two kinds of state, kept apart by type so a private field cannot slip into a public message:
 * - `RoundPublic` goes to everyone in the room (`round:state`): candidate view of the prompt, agenda
 *   clock, released flag.
 * - `CockpitState` goes to one interviewer at a time (`cockpit:state`): the full prompt with probes
 *   and trade-offs, that interviewer's own scores and notes (everyone's after release).
 */

export const NoteId = z.string().regex(/^[A-Za-z0-9_-]{8,32}$/, "malformed note id");
export type NoteId = z.infer<typeof NoteId>;

/** Hard cap on a note's parsed size; the service answers `too_large` above MAX_NOTE_CHARS (SC5). */
const NOTE_TRANSPORT_CAP_CHARS = 64_000;
export const MAX_NOTE_TAGS = 10;

// ---- client → server payloads -------------------------------------------------------------

/** Every write names the round it is meant for, so a stale tab cannot score the next round (SC7). */
const RoundRef = z.object({ round: RoundNo });

export const SyncRound = z.object({});
export type SyncRound = z.infer<typeof SyncRound>;

export const SetPrompt = RoundRef.extend({ promptId: Slug });
export type SetPrompt = z.infer<typeof SetPrompt>;

export const SetScore = RoundRef.extend({ dimensionId: Slug, level: Level.nullable() });
export type SetScore = z.infer<typeof SetScore>;

export const AddNote = RoundRef.extend({
  text: z.string().trim().min(1).max(NOTE_TRANSPORT_CAP_CHARS),
  dimensionId: Slug.nullable().optional(),
  tags: z.array(Slug).max(MAX_NOTE_TAGS).default([]),
});
export type AddNote = z.infer<typeof AddNote>;

export const DeleteNote = RoundRef.extend({ noteId: NoteId });
export type DeleteNote = z.infer<typeof DeleteNote>;

/**
 * Replaces an own note's text, dimension and tags (SC11); `ts` and `clockMs` keep the moment it was
 * first written, so the timeline does not move. An absent `dimensionId` unties the note.
 */
export const EditNote = RoundRef.extend({
  noteId: NoteId,
  text: z.string().trim().min(1).max(NOTE_TRANSPORT_CAP_CHARS),
  dimensionId: Slug.nullable().optional(),
  tags: z.array(Slug).max(MAX_NOTE_TAGS).default([]),
});
export type EditNote = z.infer<typeof EditNote>;

/** Moves the agenda to phase `to` (0-based; `agenda.length` ends it). Idempotent (TM2). */
export const AdvancePhase = RoundRef.extend({ to: z.number().int().min(0).max(20) });
export type AdvancePhase = z.infer<typeof AdvancePhase>;

export const ReleaseFeedback = RoundRef;
export type ReleaseFeedback = z.infer<typeof ReleaseFeedback>;

/** `round` is the round being closed; a second click with the same value gets `conflict` (SW2). */
export const SwapRoles = RoundRef.extend({ promptId: Slug.optional() });
export type SwapRoles = z.infer<typeof SwapRoles>;

// ---- server → client state ----------------------------------------------------------------

/** Safe for every role (SC1): nothing here is interviewer-private. */
export const RoundPublic = z.object({
  round: RoundNo,
  rubricId: Slug,
  /** The candidate view (toCandidatePrompt): statement, agenda, starter diagram; never probes. */
  prompt: CandidatePrompt.nullable(),
  agenda: z.array(AgendaPhase),
  /** -1 before the start, `agenda.length` once every phase is done. */
  phaseIndex: z.number().int().min(-1),
  phaseStartedAt: z.number().nullable(),
  /** Origin of the session clock notes are stamped with. */
  startedAt: z.number().nullable(),
  released: z.boolean(),
  releasedAt: z.number().nullable(),
  /** Server clock at send time, so countdowns can be corrected for skew. */
  serverNow: z.number(),
});
export type RoundPublic = z.infer<typeof RoundPublic>;

export const Note = z.object({
  id: NoteId,
  round: RoundNo,
  authorId: ParticipantId,
  /** Server time the note was accepted. */
  ts: z.number(),
  /** Session clock: ms since the agenda started (0 before the start). Set by the server (SC10). */
  clockMs: z.number().int().min(0),
  text: z.string(),
  dimensionId: Slug.nullable(),
  tags: z.array(Slug),
  /** Server time of the last `note:edit` (SC11); null or absent if never edited. */
  editedAt: z.number().nullable().optional(),
});
export type Note = z.infer<typeof Note>;

export const ScoreSheet = z.record(z.string(), Level);
export type ScoreSheet = z.infer<typeof ScoreSheet>;

export const ScoreSaved = z.object({ dimensionId: Slug, level: Level.nullable(), savedAt: z.number() });
export type ScoreSaved = z.infer<typeof ScoreSaved>;

export const InterviewerSheet = z.object({
  interviewerId: ParticipantId,
  name: z.string(),
  lead: z.boolean(),
  scores: ScoreSheet,
});
export type InterviewerSheet = z.infer<typeof InterviewerSheet>;

/** One interviewer's private view of the current round (SC1, SC6). */
export const CockpitState = z.object({
  round: RoundNo,
  lead: z.boolean(),
  prompt: Prompt.nullable(),
  rubric: Rubric,
  /** This interviewer's own sheet. */
  scores: ScoreSheet,
  /** This interviewer's notes before release; every interviewer's after. Sorted by ts. */
  notes: z.array(Note),
  released: z.boolean(),
  /** Every interviewer's sheet, only after release (SC6). */
  sheets: z.array(InterviewerSheet).nullable(),
});
export type CockpitState = z.infer<typeof CockpitState>;

export const RoundSync = z.object({ round: RoundPublic, cockpit: CockpitState.nullable() });
export type RoundSync = z.infer<typeof RoundSync>;

// ---- HTTP ---------------------------------------------------------------------------------

export const PromptCatalogue = z.object({ prompts: z.array(CandidatePrompt) });
export type PromptCatalogue = z.infer<typeof PromptCatalogue>;

export const RubricCatalogue = z.object({ rubrics: z.array(Rubric) });
export type RubricCatalogue = z.infer<typeof RubricCatalogue>;

export const RoundSummary = z.object({
  round: RoundNo,
  current: z.boolean(),
  rubricId: Slug,
  promptTitle: z.string().nullable(),
  released: z.boolean(),
  releasedAt: z.number().nullable(),
  /** Whether the caller may open this round's report now (SC2). */
  reportAvailable: z.boolean(),
});
export type RoundSummary = z.infer<typeof RoundSummary>;

export const RoundList = z.object({ roomId: RoomId, title: Title, rounds: z.array(RoundSummary) });
export type RoundList = z.infer<typeof RoundList>;

export const ReportDimension = z.object({
  dimensionId: Slug,
  title: z.string(),
  weight: z.number(),
  /** The lead interviewer's level: the level of record. */
  level: Level.nullable(),
  shadows: z.array(z.object({ interviewerId: ParticipantId, level: Level.nullable() })),
  /** Lead vs the first shadow; null without a shadow or when either left it blank. */
  agreement: z.enum(["agree", "adjacent", "differ"]).nullable(),
  noteIds: z.array(NoteId),
});
export type ReportDimension = z.infer<typeof ReportDimension>;

export const ReportNote = Note.extend({ authorName: z.string(), authorLead: z.boolean() });
export type ReportNote = z.infer<typeof ReportNote>;

export const Report = z.object({
  roomId: RoomId,
  roomTitle: Title,
  round: RoundNo,
  roundType: RoundType,
  prompt: z.object({ id: Slug, title: z.string(), statement: z.string() }).nullable(),
  rubric: Rubric,
  released: z.boolean(),
  releasedAt: z.number().nullable(),
  startedAt: z.number().nullable(),
  interviewers: z.array(z.object({ id: ParticipantId, name: z.string(), lead: z.boolean() })),
  candidates: z.array(z.object({ id: ParticipantId, name: z.string() })),
  dimensions: z.array(ReportDimension),
  /** Weighted mean of the lead's levels (weightedOverall); null when nothing is scored. */
  overall: z.number().nullable(),
  shadowOverall: z.number().nullable(),
  strongest: z.array(Slug),
  weakest: z.array(Slug),
  agreement: z.object({ compared: z.number(), agree: z.number(), withinOne: z.number() }).nullable(),
  notes: z.array(ReportNote),
  generatedAt: z.number(),
});
export type Report = z.infer<typeof Report>;
