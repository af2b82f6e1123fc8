import { randomBytes } from "node:crypto";
import { constants } from "node:fs";
import { link, mkdir, open, readFile, readdir, stat, unlink } from "node:fs/promises";
import { join } from "node:path";
import { z } from "zod";
import type { ChunkInfo, TrackKey, TrackMeta, TrackStore } from "./track-store.ts";

/*
 * Disk adapter: <root>/<roomId>/<round>/<trackId>/meta.json and chunk-<seq>.webm.
 * Every file is written to a temporary name, fsynced, then hard-linked into place. link() fails if
 * the name exists, which makes "first write wins" atomic without a lock, and a crash mid-write leaves
 * only a temporary file (ignored), never a half chunk under a real name.
 * Path parts are validated ids (room, track) and integers, so they cannot escape the root.
 */
const SAFE = /^[A-Za-z0-9_-]{1,64}$/;
const CHUNK_RE = /^chunk-(\d{6,})\.webm$/;
const chunkName = (seq: number) => `chunk-${String(seq).padStart(6, "0")}.webm`;

const StoredMeta = z.object({
  roomId: z.string(),
  round: z.number().int(),
  trackId: z.string(),
  participantId: z.string(),
  startedAt: z.number(),
  createdAt: z.number(),
});

export const createDiskTrackStore = (root: string): TrackStore => {
  const dirOf = (k: TrackKey) => {
    if (!SAFE.test(k.roomId) || !SAFE.test(k.trackId) || !Number.isInteger(k.round) || k.round < 0)
      throw new Error("unsafe track key");
    return join(root, k.roomId, String(k.round), k.trackId);
  };

  /** Writes `bytes` at `path` unless it exists; true if this call created it. */
  const createOnce = async (dir: string, name: string, bytes: Uint8Array): Promise<boolean> => {
    await mkdir(dir, { recursive: true });
    const tmp = join(dir, `.tmp-${randomBytes(6).toString("hex")}`);
    const fh = await open(tmp, constants.O_CREAT | constants.O_EXCL | constants.O_WRONLY, 0o600);
    try {
      await fh.writeFile(bytes);
      await fh.datasync();
    } finally {
      await fh.close();
    }
    try {
      await link(tmp, join(dir, name));
      return true;
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === "EEXIST") return false;
      throw e;
    } finally {
      await unlink(tmp).catch(() => undefined);
    }
  };

  const readMeta = async (dir: string): Promise<TrackMeta | null> => {
    try {
      return StoredMeta.parse(JSON.parse(await readFile(join(dir, "meta.json"), "utf8")));
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === "ENOENT") return null;
      throw e;
    }
  };

  return {
    async ensureTrack(meta) {
      const dir = dirOf(meta);
      const created = await createOnce(dir, "meta.json", new TextEncoder().encode(JSON.stringify(meta)));
      return created ? { ...meta } : ((await readMeta(dir)) ?? { ...meta });
    },
    async getTrack(key) {
      return readMeta(dirOf(key));
    },
    async listTracks(roomId, round) {
      let ids: string[];
      try {
        ids = await readdir(join(root, roomId, String(round)));
      } catch (e) {
        if ((e as NodeJS.ErrnoException).code === "ENOENT") return [];
        throw e;
      }
      const metas = await Promise.all(
        ids.filter((id) => SAFE.test(id)).map((trackId) => readMeta(dirOf({ roomId, round, trackId }))),
      );
      return metas
        .filter((m): m is TrackMeta => m !== null)
        .sort((a, b) => a.createdAt - b.createdAt || (a.trackId < b.trackId ? -1 : 1));
    },
    async putChunk(key, seq, bytes) {
      return (await createOnce(dirOf(key), chunkName(seq), bytes)) ? "stored" : "duplicate";
    },
    async listChunks(key): Promise<ChunkInfo[]> {
      const dir = dirOf(key);
      let names: string[];
      try {
        names = await readdir(dir);
      } catch (e) {
        if ((e as NodeJS.ErrnoException).code === "ENOENT") return [];
        throw e;
      }
      const out: ChunkInfo[] = [];
      for (const name of names) {
        const m = CHUNK_RE.exec(name);
        if (m) out.push({ seq: Number(m[1]), bytes: (await stat(join(dir, name))).size });
      }
      return out.sort((a, b) => a.seq - b.seq);
    },
    async readChunk(key, seq) {
      try {
        return new Uint8Array(await readFile(join(dirOf(key), chunkName(seq))));
      } catch (e) {
        if ((e as NodeJS.ErrnoException).code === "ENOENT") return null;
        throw e;
      }
    },
  };
};
