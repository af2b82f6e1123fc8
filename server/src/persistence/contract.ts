import { describe, expect, it } from "vitest";
import type { Storage } from "./ports.ts";

/**
 * The storage contract. Every adapter runs this same suite; `reopen` (when the adapter is durable)
 * closes the storage and opens it again on the same backing store.
 */
export interface ContractSubject {
  storage: Storage;
  reopen?: () => Promise<Storage>;
}

const bytes = (...n: number[]) => new Uint8Array(n);

export const storageContract = (
  name: string,
  make: () => Promise<ContractSubject>,
  opts: { durable: boolean },
): void => {
  describe(`storage contract: ${name}`, () => {
    it("[DL1] reads back updates in append order with author, timestamp and increasing seq", async () => {
      const { storage } = await make();
      const seqs = await storage.docLog.append([
        { docId: "d.1", ts: 10, authorId: "p1", update: bytes(1, 2) },
        { docId: "e.1", ts: 11, authorId: "p2", update: bytes(9) },
        { docId: "d.1", ts: 12, authorId: "p2", update: bytes(3) },
      ]);
      expect(seqs).toHaveLength(3);
      expect([...seqs].sort((a, b) => a - b)).toEqual(seqs);
      const read = await storage.docLog.read("d.1");
      expect(read.map((r) => [r.ts, r.authorId, [...r.update]])).toEqual([
        [10, "p1", [1, 2]],
        [12, "p2", [3]],
      ]);
      expect(await storage.docLog.read("d.1", seqs[0])).toHaveLength(1);
      expect(await storage.docLog.append([])).toEqual([]);
      await storage.close();
    });

    // Only durable adapters promise anything across a reopen.
    if (opts.durable)
      it("[DL2] appended updates survive a reopen", async () => {
        const subject = await make();
        if (!subject.reopen) throw new Error("a durable adapter must provide reopen");
        await subject.storage.docLog.append([{ docId: "d.1", ts: 1, authorId: "p", update: bytes(7, 7) }]);
        await subject.storage.rooms.create({
          id: "room0001",
          title: "T",
          roundType: "ml-coding",
          createdAt: 1,
          round: 1,
          rubricId: null,
          promptId: null,
        });
        await subject.storage.close();
        const again = await subject.reopen();
        expect((await again.docLog.read("d.1")).map((r) => [...r.update])).toEqual([[7, 7]]);
        expect(await again.rooms.get("room0001")).toMatchObject({ title: "T" });
        await again.close();
      });

    it("[SN1] keeps the latest snapshot and never lets an older one replace it", async () => {
      const { storage } = await make();
      expect(await storage.snapshots.latest("d.1")).toBeNull();
      await storage.snapshots.put({ docId: "d.1", seq: 5, ts: 1, state: bytes(5) });
      await storage.snapshots.put({ docId: "d.1", seq: 3, ts: 2, state: bytes(3) });
      expect(await storage.snapshots.latest("d.1")).toMatchObject({ seq: 5, state: bytes(5) });
      await storage.snapshots.put({ docId: "d.1", seq: 8, ts: 3, state: bytes(8) });
      expect((await storage.snapshots.latest("d.1"))?.seq).toBe(8);
      expect((await storage.snapshots.latest("d.1"))?.stateVector).toBeUndefined();
      await storage.close();
    });

    it("[SN2] keeps a snapshot's state vector with it, and replaces both together", async () => {
      const { storage } = await make();
      await storage.snapshots.put({ docId: "d.2", seq: 5, ts: 1, state: bytes(5), stateVector: bytes(2) });
      expect(await storage.snapshots.latest("d.2")).toMatchObject({ seq: 5, state: bytes(5), stateVector: bytes(2) });
      await storage.snapshots.put({ docId: "d.2", seq: 6, ts: 2, state: bytes(6) });
      const latest = await storage.snapshots.latest("d.2");
      expect(latest?.state).toEqual(bytes(6));
      expect(latest?.stateVector).toBeUndefined();
      await storage.close();
    });

    it("[DOC12] keeps a snapshot's epoch with it (absent reads as none)", async () => {
      const { storage } = await make();
      await storage.snapshots.put({ docId: "d.3", seq: 5, ts: 1, state: bytes(5) });
      expect((await storage.snapshots.latest("d.3"))?.epoch ?? 0).toBe(0);
      // A compaction rewrites the snapshot at the same seq with the next epoch.
      await storage.snapshots.put({ docId: "d.3", seq: 5, ts: 2, state: bytes(4), stateVector: bytes(2), epoch: 1 });
      expect(await storage.snapshots.latest("d.3")).toMatchObject({ seq: 5, state: bytes(4), epoch: 1 });
      await storage.snapshots.put({ docId: "d.3", seq: 9, ts: 3, state: bytes(9), epoch: 1 });
      expect(await storage.snapshots.latest("d.3")).toMatchObject({ seq: 9, epoch: 1 });
      await storage.close();
    });

    it("[RM1] creates, reads and patches rooms; ids are unique", async () => {
      const { storage } = await make();
      const room = {
        id: "room0001",
        title: "Feed",
        roundType: "system-design" as const,
        createdAt: 5,
        round: 1,
        rubricId: null,
        promptId: null,
      };
      await storage.rooms.create(room);
      await expect(storage.rooms.create(room)).rejects.toThrow();
      await storage.rooms.update("room0001", { round: 2, promptId: "feed-ranking" });
      expect(await storage.rooms.get("room0001")).toEqual({ ...room, round: 2, promptId: "feed-ranking" });
      expect(await storage.rooms.get("missing00")).toBeNull();
      await storage.close();
    });

    it("[PT1] lists a room's participants in join order and patches roles", async () => {
      const { storage } = await make();
      const base = { roomId: "room0001", colourIndex: 0 };
      await storage.participants.add({ ...base, id: "p2222222", name: "B", role: "candidate", joinedAt: 2 });
      await storage.participants.add({ ...base, id: "p1111111", name: "A", role: "interviewer", joinedAt: 1 });
      await storage.participants.add({
        ...base,
        roomId: "other001",
        id: "p3333333",
        name: "C",
        role: "observer",
        joinedAt: 0,
      });
      await storage.participants.update("p2222222", { role: "interviewer" });
      const list = await storage.participants.listByRoom("room0001");
      expect(list.map((p) => [p.id, p.role])).toEqual([
        ["p1111111", "interviewer"],
        ["p2222222", "interviewer"],
      ]);
      await storage.close();
    });

    it("[EV1] keeps room events per round in order with their JSON data", async () => {
      const { storage } = await make();
      await storage.events.append({ roomId: "room0001", round: 1, ts: 1, kind: "join", actorId: "p1", data: null });
      await storage.events.append({
        roomId: "room0001",
        round: 2,
        ts: 2,
        kind: "phase",
        actorId: "p1",
        data: { index: 1 },
      });
      await storage.events.append({ roomId: "room0002", round: 1, ts: 3, kind: "join", actorId: "p9", data: null });
      expect((await storage.events.list("room0001")).map((e) => e.kind)).toEqual(["join", "phase"]);
      expect((await storage.events.list("room0001", 2))[0]).toMatchObject({ data: { index: 1 }, actorId: "p1" });
      await storage.close();
    });
  });
};
