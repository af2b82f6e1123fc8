/**
 * Storage port of the interviewer's cockpit. Scores and notes live here, never in the Y.Doc or the
 * room event log, because both of those reach candidates (SC1). Every adapter passes
 * `scoring-contract.ts`.
 */

/** One round of one room: its prompt, agenda clock, release, and who interviewed it. */
export interface RoundRecord {
  roomId: string;
  round: number;
  rubricId: string;
  promptId: string | null;
  openedAt: number;
  /** Origin of the session clock (the agenda start); null until an interviewer starts it. */
  startedAt: number | null;
  /** -1 before the start; `agenda.length` when done. */
  phaseIndex: number;
  phaseStartedAt: number | null;
  releasedAt: number | null;
  releasedBy: string | null;
  /**
   * Fixed when the round closes (at a swap): who interviewed it and who led. Permissions on a
   * closed round use these, not the participants' current roles, which a swap exchanges (SC9).
   */
  closedAt: number | null;
  interviewerIds: string[] | null;
  leadId: string | null;
}

export interface ScoreRecord {
  roomId: string;
  round: number;
  interviewerId: string;
  dimensionId: string;
  level: number;
  ts: number;
}

export interface NoteRecord {
  id: string;
  roomId: string;
  round: number;
  authorId: string;
  ts: number;
  clockMs: number;
  text: string;
  dimensionId: string | null;
  tags: string[];
  /** Server time of the last edit; null if never edited. `ts`/`clockMs` keep the first write (SC11). */
  editedAt: number | null;
}

/** What an edit replaces; `ts`, `clockMs`, author and round never change. */
export type NoteEdit = Pick<NoteRecord, "text" | "dimensionId" | "tags" | "editedAt">;

export interface ScoringStore {
  getRound(roomId: string, round: number): Promise<RoundRecord | null>;
  /** Inserts or replaces the round (keyed by roomId + round). */
  putRound(record: RoundRecord): Promise<void>;
  listRounds(roomId: string): Promise<RoundRecord[]>;
  /** Upserts one interviewer's level for one dimension; `null` clears it. */
  setScore(key: Omit<ScoreRecord, "level" | "ts">, level: number | null, ts: number): Promise<void>;
  listScores(roomId: string, round: number): Promise<ScoreRecord[]>;
  addNote(note: NoteRecord): Promise<void>;
  getNote(roomId: string, id: string): Promise<NoteRecord | null>;
  /** Replaces a note's text, dimension, tags and edit stamp; true if the note exists. */
  editNote(roomId: string, id: string, edit: NoteEdit): Promise<boolean>;
  /** True if a note was deleted. */
  deleteNote(roomId: string, id: string): Promise<boolean>;
  /** A round's notes in ts order (ties by id). */
  listNotes(roomId: string, round: number): Promise<NoteRecord[]>;
}
