import type { ChunkInfo, TrackKey, TrackMeta, TrackStore } from "./track-store.ts";

const keyOf = (k: TrackKey) => `${k.roomId}/${k.round}/${k.trackId}`;

/** In-process adapter for tests and `MOCKROOM_STORAGE=memory`. */
export const createMemoryTrackStore = (): TrackStore => {
  const tracks = new Map<string, TrackMeta>();
  const chunks = new Map<string, Map<number, Uint8Array>>();
  return {
    async ensureTrack(meta) {
      const k = keyOf(meta);
      const existing = tracks.get(k);
      if (existing) return { ...existing };
      tracks.set(k, { ...meta });
      return { ...meta };
    },
    async getTrack(key) {
      const t = tracks.get(keyOf(key));
      return t ? { ...t } : null;
    },
    async listTracks(roomId, round) {
      return [...tracks.values()]
        .filter((t) => t.roomId === roomId && t.round === round)
        .sort((a, b) => a.createdAt - b.createdAt || (a.trackId < b.trackId ? -1 : 1))
        .map((t) => ({ ...t }));
    },
    async putChunk(key, seq, bytes) {
      const k = keyOf(key);
      const map = chunks.get(k) ?? new Map<number, Uint8Array>();
      chunks.set(k, map);
      if (map.has(seq)) return "duplicate";
      map.set(seq, new Uint8Array(bytes));
      return "stored";
    },
    async listChunks(key): Promise<ChunkInfo[]> {
      return [...(chunks.get(keyOf(key)) ?? new Map<number, Uint8Array>()).entries()]
        .map(([seq, b]) => ({ seq, bytes: b.byteLength }))
        .sort((a, b) => a.seq - b.seq);
    },
    async readChunk(key, seq) {
      const b = chunks.get(keyOf(key))?.get(seq);
      return b ? new Uint8Array(b) : null;
    },
  };
};
