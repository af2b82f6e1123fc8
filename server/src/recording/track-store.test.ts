import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { expect, it } from "vitest";
import { createDiskTrackStore } from "./disk-track-store.ts";
import { createMemoryTrackStore } from "./memory-track-store.ts";
import { trackStoreContract } from "./track-store.contract.ts";

trackStoreContract("memory", async () => createMemoryTrackStore());
trackStoreContract("disk", async () => createDiskTrackStore(mkdtempSync(join(tmpdir(), "mockroom-tracks-"))));

it("[TS5] the disk adapter keeps chunks across a reopen and refuses keys that could escape its root", async () => {
  const root = mkdtempSync(join(tmpdir(), "mockroom-tracks-"));
  const key = { roomId: "room0001", round: 1, trackId: "track0001" };
  const a = createDiskTrackStore(root);
  await a.ensureTrack({ ...key, participantId: "pppppppp1", startedAt: 1, createdAt: 2 });
  await a.putChunk(key, 0, new Uint8Array([5]));
  const b = createDiskTrackStore(root);
  expect(await b.listChunks(key)).toEqual([{ seq: 0, bytes: 1 }]);
  expect(await b.getTrack(key)).toMatchObject({ participantId: "pppppppp1" });
  await expect(b.putChunk({ ...key, trackId: "../../etc" }, 0, new Uint8Array([1]))).rejects.toThrow();
});
