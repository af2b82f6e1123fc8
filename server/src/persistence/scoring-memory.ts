import type { NoteRecord, RoundRecord, ScoreRecord, ScoringStore } from "./scoring-ports.ts";

/** In-process scoring store; copies in and out so callers cannot mutate stored state. */
export const createMemoryScoringStore = (): ScoringStore => {
  const rounds = new Map<string, RoundRecord>();
  const scores = new Map<string, ScoreRecord>();
  const notes = new Map<string, NoteRecord>();
  const roundKey = (roomId: string, round: number) => `${roomId}\u0000${round}`;
  const copyRound = (r: RoundRecord): RoundRecord => ({
    ...r,
    interviewerIds: r.interviewerIds ? [...r.interviewerIds] : null,
  });
  const copyNote = (n: NoteRecord): NoteRecord => ({ ...n, tags: [...n.tags] });

  return {
    async getRound(roomId, round) {
      const r = rounds.get(roundKey(roomId, round));
      return r ? copyRound(r) : null;
    },
    async putRound(record) {
      rounds.set(roundKey(record.roomId, record.round), copyRound(record));
    },
    async listRounds(roomId) {
      return [...rounds.values()]
        .filter((r) => r.roomId === roomId)
        .sort((a, b) => a.round - b.round)
        .map(copyRound);
    },
    async setScore(key, level, ts) {
      const k = [key.roomId, key.round, key.interviewerId, key.dimensionId].join("\u0000");
      if (level === null) scores.delete(k);
      else scores.set(k, { ...key, level, ts });
    },
    async listScores(roomId, round) {
      return [...scores.values()]
        .filter((s) => s.roomId === roomId && s.round === round)
        .sort((a, b) => a.ts - b.ts)
        .map((s) => ({ ...s }));
    },
    async addNote(note) {
      if (notes.has(note.id)) throw new Error(`note ${note.id} exists`);
      notes.set(note.id, copyNote(note));
    },
    async getNote(roomId, id) {
      const n = notes.get(id);
      return n && n.roomId === roomId ? copyNote(n) : null;
    },
    async editNote(roomId, id, edit) {
      const n = notes.get(id);
      if (!n || n.roomId !== roomId) return false;
      notes.set(id, copyNote({ ...n, ...edit }));
      return true;
    },
    async deleteNote(roomId, id) {
      const n = notes.get(id);
      if (!n || n.roomId !== roomId) return false;
      notes.delete(id);
      return true;
    },
    async listNotes(roomId, round) {
      return [...notes.values()]
        .filter((n) => n.roomId === roomId && n.round === round)
        .sort((a, b) => a.ts - b.ts || (a.id < b.id ? -1 : 1))
        .map(copyNote);
    },
  };
};
