import type Database from "better-sqlite3";
import { z } from "zod";
import { migrate } from "./sqlite-migrate.ts";
import type { NoteRecord, RoundRecord, ScoreRecord, ScoringStore } from "./scoring-ports.ts";

/** The scoring module's own tables, migrated independently of the core schema. */
export const SCORING_STEPS: readonly string[] = [
  `CREATE TABLE scoring_rounds (room_id TEXT NOT NULL, round INTEGER NOT NULL, rubric_id TEXT NOT NULL,
     prompt_id TEXT, opened_at INTEGER NOT NULL, started_at INTEGER, phase_index INTEGER NOT NULL,
     phase_started_at INTEGER, released_at INTEGER, released_by TEXT, closed_at INTEGER,
     interviewer_ids TEXT, lead_id TEXT, PRIMARY KEY (room_id, round));
   CREATE TABLE scoring_scores (room_id TEXT NOT NULL, round INTEGER NOT NULL, interviewer_id TEXT NOT NULL,
     dimension_id TEXT NOT NULL, level INTEGER NOT NULL, ts INTEGER NOT NULL,
     PRIMARY KEY (room_id, round, interviewer_id, dimension_id));
   CREATE TABLE scoring_notes (id TEXT PRIMARY KEY, room_id TEXT NOT NULL, round INTEGER NOT NULL,
     author_id TEXT NOT NULL, ts INTEGER NOT NULL, clock_ms INTEGER NOT NULL, text TEXT NOT NULL,
     dimension_id TEXT, tags TEXT NOT NULL);
   CREATE INDEX scoring_notes_round ON scoring_notes (room_id, round, ts);`,
  // SC11: notes can be edited; existing notes were never edited, so NULL is right for them.
  `ALTER TABLE scoring_notes ADD COLUMN edited_at INTEGER;`,
];

interface RoundRow {
  room_id: string;
  round: number;
  rubric_id: string;
  prompt_id: string | null;
  opened_at: number;
  started_at: number | null;
  phase_index: number;
  phase_started_at: number | null;
  released_at: number | null;
  released_by: string | null;
  closed_at: number | null;
  interviewer_ids: string | null;
  lead_id: string | null;
}
interface ScoreRow {
  room_id: string;
  round: number;
  interviewer_id: string;
  dimension_id: string;
  level: number;
  ts: number;
}
interface NoteRow {
  id: string;
  room_id: string;
  round: number;
  author_id: string;
  ts: number;
  clock_ms: number;
  text: string;
  dimension_id: string | null;
  tags: string;
  edited_at: number | null;
}

// JSON columns are parsed, not cast: an edited database must not smuggle bad values inward.
const IdList = z.array(z.string());

const roundFromRow = (r: RoundRow): RoundRecord => ({
  roomId: r.room_id,
  round: r.round,
  rubricId: r.rubric_id,
  promptId: r.prompt_id,
  openedAt: r.opened_at,
  startedAt: r.started_at,
  phaseIndex: r.phase_index,
  phaseStartedAt: r.phase_started_at,
  releasedAt: r.released_at,
  releasedBy: r.released_by,
  closedAt: r.closed_at,
  interviewerIds: r.interviewer_ids === null ? null : IdList.parse(JSON.parse(r.interviewer_ids)),
  leadId: r.lead_id,
});
const scoreFromRow = (r: ScoreRow): ScoreRecord => ({
  roomId: r.room_id,
  round: r.round,
  interviewerId: r.interviewer_id,
  dimensionId: r.dimension_id,
  level: r.level,
  ts: r.ts,
});
const noteFromRow = (r: NoteRow): NoteRecord => ({
  id: r.id,
  roomId: r.room_id,
  round: r.round,
  authorId: r.author_id,
  ts: r.ts,
  clockMs: r.clock_ms,
  text: r.text,
  dimensionId: r.dimension_id,
  tags: IdList.parse(JSON.parse(r.tags)),
  editedAt: r.edited_at,
});

/** Runs on the core storage's connection, so its writes share that database's WAL and durability. */
export const openSqliteScoringStore = (db: Database.Database): ScoringStore => {
  migrate(db, "scoring", SCORING_STEPS);
  const q = {
    getRound: db.prepare("SELECT * FROM scoring_rounds WHERE room_id = ? AND round = ?"),
    putRound: db.prepare(`INSERT INTO scoring_rounds (room_id, round, rubric_id, prompt_id, opened_at, started_at,
        phase_index, phase_started_at, released_at, released_by, closed_at, interviewer_ids, lead_id)
      VALUES (@roomId, @round, @rubricId, @promptId, @openedAt, @startedAt, @phaseIndex, @phaseStartedAt,
        @releasedAt, @releasedBy, @closedAt, @interviewerIds, @leadId)
      ON CONFLICT (room_id, round) DO UPDATE SET rubric_id = excluded.rubric_id, prompt_id = excluded.prompt_id,
        opened_at = excluded.opened_at, started_at = excluded.started_at, phase_index = excluded.phase_index,
        phase_started_at = excluded.phase_started_at, released_at = excluded.released_at,
        released_by = excluded.released_by, closed_at = excluded.closed_at,
        interviewer_ids = excluded.interviewer_ids, lead_id = excluded.lead_id`),
    listRounds: db.prepare("SELECT * FROM scoring_rounds WHERE room_id = ? ORDER BY round"),
    upsertScore: db.prepare(`INSERT INTO scoring_scores (room_id, round, interviewer_id, dimension_id, level, ts)
      VALUES (?, ?, ?, ?, ?, ?)
      ON CONFLICT (room_id, round, interviewer_id, dimension_id) DO UPDATE SET level = excluded.level, ts = excluded.ts`),
    deleteScore: db.prepare(
      "DELETE FROM scoring_scores WHERE room_id = ? AND round = ? AND interviewer_id = ? AND dimension_id = ?",
    ),
    listScores: db.prepare("SELECT * FROM scoring_scores WHERE room_id = ? AND round = ? ORDER BY ts"),
    addNote: db.prepare(`INSERT INTO scoring_notes (id, room_id, round, author_id, ts, clock_ms, text, dimension_id,
        tags, edited_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`),
    editNote: db.prepare(`UPDATE scoring_notes SET text = ?, dimension_id = ?, tags = ?, edited_at = ?
      WHERE room_id = ? AND id = ?`),
    getNote: db.prepare("SELECT * FROM scoring_notes WHERE room_id = ? AND id = ?"),
    deleteNote: db.prepare("DELETE FROM scoring_notes WHERE room_id = ? AND id = ?"),
    listNotes: db.prepare("SELECT * FROM scoring_notes WHERE room_id = ? AND round = ? ORDER BY ts, id"),
  };

  return {
    async getRound(roomId, round) {
      const r = q.getRound.get(roomId, round) as RoundRow | undefined;
      return r ? roundFromRow(r) : null;
    },
    async putRound(record) {
      q.putRound.run({
        ...record,
        interviewerIds: record.interviewerIds === null ? null : JSON.stringify(record.interviewerIds),
      });
    },
    async listRounds(roomId) {
      return (q.listRounds.all(roomId) as RoundRow[]).map(roundFromRow);
    },
    async setScore(key, level, ts) {
      if (level === null) q.deleteScore.run(key.roomId, key.round, key.interviewerId, key.dimensionId);
      else q.upsertScore.run(key.roomId, key.round, key.interviewerId, key.dimensionId, level, ts);
    },
    async listScores(roomId, round) {
      return (q.listScores.all(roomId, round) as ScoreRow[]).map(scoreFromRow);
    },
    async addNote(n) {
      q.addNote.run(
        n.id,
        n.roomId,
        n.round,
        n.authorId,
        n.ts,
        n.clockMs,
        n.text,
        n.dimensionId,
        JSON.stringify(n.tags),
        n.editedAt,
      );
    },
    async editNote(roomId, id, e) {
      return q.editNote.run(e.text, e.dimensionId, JSON.stringify(e.tags), e.editedAt, roomId, id).changes > 0;
    },
    async getNote(roomId, id) {
      const r = q.getNote.get(roomId, id) as NoteRow | undefined;
      return r ? noteFromRow(r) : null;
    },
    async deleteNote(roomId, id) {
      return q.deleteNote.run(roomId, id).changes > 0;
    },
    async listNotes(roomId, round) {
      return (q.listNotes.all(roomId, round) as NoteRow[]).map(noteFromRow);
    },
  };
};
