import { describe, expect, it } from "vitest";
import type { NoteRecord, RoundRecord, ScoringStore } from "./scoring-ports.ts";

/** The scoring store contract; every adapter runs it (rule IDs SS1–SS6 in docs/PROTOCOL.md). */
export interface ScoringSubject {
  store: ScoringStore;
  close(): Promise<void>;
  /** Durable adapters: close and open again on the same backing store. */
  reopen?: () => Promise<ScoringSubject>;
}

const round = (over: Partial<RoundRecord> = {}): RoundRecord => ({
  roomId: "room0001",
  round: 1,
  rubricId: "ml-system-design",
  promptId: null,
  openedAt: 10,
  startedAt: null,
  phaseIndex: -1,
  phaseStartedAt: null,
  releasedAt: null,
  releasedBy: null,
  closedAt: null,
  interviewerIds: null,
  leadId: null,
  ...over,
});

const note = (over: Partial<NoteRecord> = {}): NoteRecord => ({
  id: "note0001",
  roomId: "room0001",
  round: 1,
  authorId: "pInt0001",
  ts: 100,
  clockMs: 0,
  text: "asked about label delay",
  dimensionId: null,
  tags: [],
  editedAt: null,
  ...over,
});

export const scoringStoreContract = (
  name: string,
  make: () => Promise<ScoringSubject>,
  opts: { durable: boolean },
): void => {
  describe(`scoring store contract: ${name}`, () => {
    it("[SS1] puts, replaces and lists rounds per room in round order", async () => {
      const s = await make();
      expect(await s.store.getRound("room0001", 1)).toBeNull();
      await s.store.putRound(round({ round: 2, openedAt: 20 }));
      await s.store.putRound(round());
      await s.store.putRound(round({ roomId: "room0002" }));
      await s.store.putRound(
        round({ phaseIndex: 2, startedAt: 11, phaseStartedAt: 15, interviewerIds: ["a", "b"], leadId: "a" }),
      );
      expect(await s.store.getRound("room0001", 1)).toEqual(
        round({ phaseIndex: 2, startedAt: 11, phaseStartedAt: 15, interviewerIds: ["a", "b"], leadId: "a" }),
      );
      expect((await s.store.listRounds("room0001")).map((r) => r.round)).toEqual([1, 2]);
      await s.close();
    });

    it("[SS2] keeps one level per (round, interviewer, dimension); null clears it", async () => {
      const s = await make();
      const key = { roomId: "room0001", round: 1, interviewerId: "lead0001", dimensionId: "framing" };
      await s.store.setScore(key, 2, 1);
      await s.store.setScore(key, 3, 2);
      await s.store.setScore({ ...key, interviewerId: "shadow01" }, 1, 3);
      await s.store.setScore({ ...key, round: 2 }, 4, 4);
      await s.store.setScore({ ...key, dimensionId: "serving" }, 4, 5);
      await s.store.setScore({ ...key, dimensionId: "serving" }, null, 6);
      const r1 = await s.store.listScores("room0001", 1);
      expect(r1.map((x) => [x.interviewerId, x.dimensionId, x.level])).toEqual([
        ["lead0001", "framing", 3],
        ["shadow01", "framing", 1],
      ]);
      expect((await s.store.listScores("room0001", 2)).map((x) => x.level)).toEqual([4]);
      await s.close();
    });

    it("[SS3] notes keep text, tags and stamps, list in time order per round, and delete once", async () => {
      const s = await make();
      await s.store.addNote(note({ id: "note0002", ts: 200, clockMs: 50, dimensionId: "serving", tags: ["a", "b"] }));
      await s.store.addNote(note());
      await s.store.addNote(note({ id: "note0003", round: 2 }));
      await expect(s.store.addNote(note())).rejects.toThrow();
      expect(await s.store.listNotes("room0001", 1)).toEqual([
        note(),
        note({ id: "note0002", ts: 200, clockMs: 50, dimensionId: "serving", tags: ["a", "b"] }),
      ]);
      expect(await s.store.getNote("room0002", "note0001")).toBeNull();
      expect(await s.store.deleteNote("room0002", "note0001")).toBe(false);
      expect(await s.store.deleteNote("room0001", "note0001")).toBe(true);
      expect(await s.store.deleteNote("room0001", "note0001")).toBe(false);
      expect((await s.store.listNotes("room0001", 1)).map((n) => n.id)).toEqual(["note0002"]);
      await s.close();
    });

    it("[SS4] returned records are copies: mutating them changes nothing stored", async () => {
      const s = await make();
      await s.store.addNote(note({ tags: ["x"] }));
      const got = (await s.store.listNotes("room0001", 1))[0]!;
      got.tags.push("y");
      got.text = "changed";
      expect(await s.store.getNote("room0001", "note0001")).toEqual(note({ tags: ["x"] }));
      await s.close();
    });

    it("[SS6] an edit replaces text, dimension, tags and edit stamp only, in its room; others are untouched", async () => {
      const s = await make();
      await s.store.addNote(note({ dimensionId: "serving", tags: ["a"] }));
      await s.store.addNote(note({ id: "note0002", ts: 200 }));
      const edit = { text: "asked about label delay, twice", dimensionId: null, tags: ["b", "c"], editedAt: 300 };
      expect(await s.store.editNote("room0002", "note0001", edit)).toBe(false);
      expect(await s.store.editNote("room0001", "nope0001", edit)).toBe(false);
      expect(await s.store.getNote("room0001", "note0001")).toEqual(note({ dimensionId: "serving", tags: ["a"] }));
      expect(await s.store.editNote("room0001", "note0001", edit)).toBe(true);
      // Author, round, ts and clockMs keep the first write, so the note keeps its place on the timeline.
      expect(await s.store.listNotes("room0001", 1)).toEqual([note(edit), note({ id: "note0002", ts: 200 })]);
      edit.tags.push("mutated");
      expect((await s.store.getNote("room0001", "note0001"))?.tags).toEqual(["b", "c"]);
      await s.close();
    });

    if (opts.durable)
      it("[SS5] rounds, scores and notes survive a reopen", async () => {
        const s = await make();
        if (!s.reopen) throw new Error("a durable adapter must provide reopen");
        await s.store.putRound(round({ releasedAt: 99, releasedBy: "lead0001" }));
        await s.store.setScore({ roomId: "room0001", round: 1, interviewerId: "l", dimensionId: "d" }, 4, 1);
        await s.store.addNote(note());
        await s.store.addNote(note({ id: "note0002", ts: 200 }));
        await s.store.editNote("room0001", "note0002", {
          text: "edited",
          dimensionId: "d",
          tags: ["t"],
          editedAt: 250,
        });
        await s.close();
        const again = await s.reopen();
        expect(await again.store.getRound("room0001", 1)).toMatchObject({ releasedAt: 99, releasedBy: "lead0001" });
        expect((await again.store.listScores("room0001", 1)).map((x) => x.level)).toEqual([4]);
        expect(await again.store.listNotes("room0001", 1)).toEqual([
          note(),
          note({ id: "note0002", ts: 200, text: "edited", dimensionId: "d", tags: ["t"], editedAt: 250 }),
        ]);
        await again.close();
      });
  });
};
