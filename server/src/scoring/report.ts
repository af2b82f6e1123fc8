import {
  agreementOf,
  extremes,
  summariseAgreement,
  weightedOverall,
  type Level,
  type Note,
  type Prompt,
  type Report,
  type ReportDimension,
  type Rubric,
  type RoundType,
  type ScoreSheet,
} from "@mockroom/shared";
import type { ParticipantRecord, RoomRecord } from "../persistence/ports.ts";
import type { NoteRecord, RoundRecord, ScoreRecord } from "../persistence/scoring-ports.ts";
import type { RoundRoster } from "./roster.ts";

export const toNote = (n: NoteRecord): Note => ({
  id: n.id,
  round: n.round,
  authorId: n.authorId,
  ts: n.ts,
  clockMs: n.clockMs,
  text: n.text,
  dimensionId: n.dimensionId,
  tags: [...n.tags],
  editedAt: n.editedAt,
});

/** One interviewer's sheet: dimension id → level, ignoring ids the rubric no longer has. */
export const sheetOf = (rubric: Rubric, scores: readonly ScoreRecord[], interviewerId: string): ScoreSheet => {
  const ids = new Set(rubric.dimensions.map((d) => d.id));
  const sheet: Record<string, Level> = {};
  for (const s of scores)
    if (s.interviewerId === interviewerId && ids.has(s.dimensionId)) sheet[s.dimensionId] = s.level;
  return sheet;
};

export interface ReportInput {
  room: RoomRecord;
  rec: RoundRecord;
  rubric: Rubric;
  prompt: Prompt | null;
  people: readonly ParticipantRecord[];
  roster: RoundRoster;
  scores: readonly ScoreRecord[];
  notes: readonly NoteRecord[];
  /**
   * Whose work the report may show. "all" after release; before it, an interviewer gets a preview
   * of their own sheet and notes only, so lead and shadow stay independent (SC6).
   */
  scope: "all" | { onlyInterviewerId: string };
  now: number;
}

export const buildReport = (input: ReportInput): Report => {
  const { room, rec, rubric, prompt, people, roster, scope } = input;
  const nameOf = (id: string) => people.find((p) => p.id === id)?.name ?? "Someone";
  const visibleIds =
    scope === "all" ? roster.interviewerIds : roster.interviewerIds.filter((id) => id === scope.onlyInterviewerId);
  // The lead's sheet is the level of record; in a preview, the viewer's own sheet stands in for it.
  const recordId = scope === "all" ? (roster.leadId ?? visibleIds[0] ?? null) : scope.onlyInterviewerId;
  const shadowIds = visibleIds.filter((id) => id !== recordId);
  const recordSheet = recordId ? sheetOf(rubric, input.scores, recordId) : {};
  const shadowSheets = shadowIds.map((id) => ({ id, sheet: sheetOf(rubric, input.scores, id) }));
  const firstShadow = shadowSheets[0]?.sheet ?? null;
  const visibleNotes = input.notes.filter((n) => visibleIds.includes(n.authorId)).sort((a, b) => a.ts - b.ts);

  const dimensions: ReportDimension[] = rubric.dimensions.map((d) => {
    const level = recordSheet[d.id] ?? null;
    return {
      dimensionId: d.id,
      title: d.title,
      weight: d.weight,
      level,
      shadows: shadowSheets.map((s) => ({ interviewerId: s.id, level: s.sheet[d.id] ?? null })),
      agreement: firstShadow ? agreementOf(level, firstShadow[d.id] ?? null) : null,
      noteIds: visibleNotes.filter((n) => n.dimensionId === d.id).map((n) => n.id),
    };
  });
  const { strongest, weakest } = extremes(rubric, recordSheet);

  return {
    roomId: room.id,
    roomTitle: room.title,
    round: rec.round,
    roundType: rubric.roundType satisfies RoundType,
    prompt: prompt ? { id: prompt.id, title: prompt.title, statement: prompt.statement } : null,
    rubric,
    released: rec.releasedAt !== null,
    releasedAt: rec.releasedAt,
    startedAt: rec.startedAt,
    interviewers: visibleIds.map((id) => ({ id, name: nameOf(id), lead: id === roster.leadId })),
    candidates: roster.candidateIds.map((id) => ({ id, name: nameOf(id) })),
    dimensions,
    overall: weightedOverall(rubric, recordSheet),
    shadowOverall: firstShadow ? weightedOverall(rubric, firstShadow) : null,
    strongest,
    weakest,
    agreement: firstShadow ? summariseAgreement(rubric, recordSheet, firstShadow) : null,
    notes: visibleNotes.map((n) => ({
      ...toNote(n),
      authorName: nameOf(n.authorId),
      authorLead: n.authorId === roster.leadId,
    })),
    generatedAt: input.now,
  };
};
