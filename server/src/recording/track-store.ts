/**
 * The audio storage port. Chunks are immutable once written: a second write of the same sequence
 * number is refused, never merged, so a retried or replayed upload cannot corrupt a track. The disk
 * adapter is the embedded default; an object store can implement the same port (and pass the same
 * contract suite, `track-store.contract.ts`).
 */
export interface TrackKey {
  roomId: string;
  round: number;
  trackId: string;
}

export interface TrackMeta extends TrackKey {
  participantId: string;
  /** Server clock (ms) of the track's first sample, as the uploader measured it. */
  startedAt: number;
  /** Server clock when the first chunk arrived. */
  createdAt: number;
}

export interface ChunkInfo {
  seq: number;
  bytes: number;
}

export interface TrackStore {
  /** Creates the track unless it exists; returns the stored meta either way (first writer wins). */
  ensureTrack(meta: TrackMeta): Promise<TrackMeta>;
  getTrack(key: TrackKey): Promise<TrackMeta | null>;
  /** Tracks of a round, oldest first. */
  listTracks(roomId: string, round: number): Promise<TrackMeta[]>;
  /** Stores a chunk atomically; "duplicate" (and nothing written) if that seq is already stored. */
  putChunk(key: TrackKey, seq: number, bytes: Uint8Array): Promise<"stored" | "duplicate">;
  /** Stored chunks in seq order. */
  listChunks(key: TrackKey): Promise<ChunkInfo[]>;
  readChunk(key: TrackKey, seq: number): Promise<Uint8Array | null>;
}
