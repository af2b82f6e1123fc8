import { describe, expect, it } from "vitest";
import type { TrackMeta, TrackStore } from "./track-store.ts";

/** The audio storage contract: every TrackStore adapter runs this same suite. */
export const trackStoreContract = (name: string, make: () => Promise<TrackStore>): void => {
  describe(`track store contract: ${name}`, () => {
    const meta = (over: Partial<TrackMeta> = {}): TrackMeta => ({
      roomId: "room0001",
      round: 1,
      trackId: "track0001",
      participantId: "pppppppp1",
      startedAt: 1_000,
      createdAt: 2_000,
      ...over,
    });

    it("[TS1] the first ensureTrack wins; later calls return the stored meta", async () => {
      const store = await make();
      expect(await store.ensureTrack(meta())).toEqual(meta());
      expect(await store.ensureTrack(meta({ participantId: "intruder1", startedAt: 5 }))).toEqual(meta());
      expect(await store.getTrack(meta())).toEqual(meta());
      expect(await store.getTrack(meta({ trackId: "missing01" }))).toBeNull();
    });

    it("[TS2] a chunk is written once: a second write of the seq is a duplicate and changes nothing", async () => {
      const store = await make();
      await store.ensureTrack(meta());
      expect(await store.putChunk(meta(), 0, new Uint8Array([1, 2, 3]))).toBe("stored");
      expect(await store.putChunk(meta(), 0, new Uint8Array([9, 9]))).toBe("duplicate");
      expect([...(await store.readChunk(meta(), 0))!]).toEqual([1, 2, 3]);
      expect(await store.readChunk(meta(), 1)).toBeNull();
    });

    it("[TS3] concurrent writes of one seq store exactly one of them, whole", async () => {
      const store = await make();
      await store.ensureTrack(meta());
      const results = await Promise.all(
        Array.from({ length: 8 }, (_, i) => store.putChunk(meta(), 4, new Uint8Array(1000).fill(i))),
      );
      expect(results.filter((r) => r === "stored")).toHaveLength(1);
      const stored = (await store.readChunk(meta(), 4))!;
      expect(stored.length).toBe(1000);
      expect(new Set(stored).size).toBe(1);
    });

    it("[TS4] lists chunks in seq order whatever the write order, and tracks per round", async () => {
      const store = await make();
      await store.ensureTrack(meta());
      await store.ensureTrack(meta({ trackId: "track0002", createdAt: 3_000 }));
      await store.ensureTrack(meta({ trackId: "track0003", round: 2 }));
      for (const seq of [3, 0, 12, 1]) await store.putChunk(meta(), seq, new Uint8Array(seq + 1));
      expect(await store.listChunks(meta())).toEqual([
        { seq: 0, bytes: 1 },
        { seq: 1, bytes: 2 },
        { seq: 3, bytes: 4 },
        { seq: 12, bytes: 13 },
      ]);
      expect((await store.listTracks("room0001", 1)).map((t) => t.trackId)).toEqual(["track0001", "track0002"]);
      expect((await store.listTracks("room0001", 2)).map((t) => t.trackId)).toEqual(["track0003"]);
      expect(await store.listTracks("nothing1", 1)).toEqual([]);
    });
  });
};
