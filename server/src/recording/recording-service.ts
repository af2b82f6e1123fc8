import {
  AUDIO_CONTENT_TYPE,
  ConsentChoice,
  ErrorCode,
  MAX_AUDIO_CHUNK_BYTES,
  MAX_AUDIO_CHUNK_SEQ,
  MAX_AUDIO_TRACKS_PER_ROUND,
  RecordingEventKind,
  TrackId,
  type AudioTrackInfo,
  type ChunkAccepted,
  type ConsentChoice as Choice,
  type RecordingState,
} from "@mockroom/shared";
import { DomainError } from "../errors.ts";
import type { EventLog, ParticipantRecord, RoomRecord, RoomStore } from "../persistence/ports.ts";
import type { TrackKey, TrackStore } from "./track-store.ts";
import { assembleTrack, type SeekableTrack } from "./webm.ts";

/** How far a client's claimed track start may sit from the server clock (clock skew, long sessions). */
const MAX_START_PAST_MS = 24 * 3_600_000;
const MAX_START_FUTURE_MS = 60_000;
const EBML_MAGIC = [0x1a, 0x45, 0xdf, 0xa3];
/** Assembled tracks kept in memory (they are re-muxed on demand, and replays ask repeatedly). */
const ASSEMBLED_CACHE_ENTRIES = 32;

export interface ChunkUpload {
  room: RoomRecord;
  participant: ParticipantRecord;
  round: number;
  trackId: string;
  seq: number;
  /** The request's Content-Type header, verbatim. */
  contentType: string | undefined;
  /** The TRACK_START_HEADER value, verbatim. */
  startHeader: string | undefined;
  bytes: Uint8Array;
}

interface RoomRecordingState {
  paused: boolean;
  since: number;
  consents: Map<string, Choice>;
}

/**
 * Consent, pauses and audio uploads (rules REC*, CON* in docs/PROTOCOL.md). The state lives in the
 * room's event log (so it is on the replay timeline and survives restarts) with a cache in front.
 * Consent is per room: once asked, a person is not asked again after a role swap.
 */
export class RecordingService {
  private readonly cache = new Map<string, RoomRecordingState>();
  private readonly locks = new Map<string, Promise<unknown>>();
  private readonly assembled = new Map<string, { version: string; track: SeekableTrack | null }>();

  constructor(private readonly deps: { store: TrackStore; events: EventLog; rooms: RoomStore; now: () => number }) {}

  async state(roomId: string): Promise<RecordingState> {
    const room = await this.room(roomId);
    return this.view(room, await this.load(room));
  }

  async consent(roomId: string, participantId: string, granted: boolean): Promise<RecordingState> {
    return this.locked(roomId, async () => {
      const room = await this.room(roomId);
      const s = await this.load(room);
      const choice: Choice = granted ? "granted" : "declined";
      if (s.consents.get(participantId) !== choice) {
        await this.deps.events.append({
          roomId,
          round: room.round,
          ts: this.deps.now(),
          kind: RecordingEventKind.Consent,
          actorId: participantId,
          data: { choice },
        });
        s.consents.set(participantId, choice);
      }
      return this.view(room, s);
    });
  }

  /** CON3: interviewers only; the pause or resume is a room event, so it shows on the timeline. */
  async setPaused(roomId: string, actor: ParticipantRecord, paused: boolean): Promise<RecordingState> {
    if (actor.role !== "interviewer") throw new DomainError(ErrorCode.Forbidden, "only an interviewer can pause");
    return this.locked(roomId, async () => {
      const room = await this.room(roomId);
      const s = await this.load(room);
      if (s.paused !== paused) {
        const ts = this.deps.now();
        await this.deps.events.append({
          roomId,
          round: room.round,
          ts,
          kind: paused ? RecordingEventKind.Paused : RecordingEventKind.Resumed,
          actorId: actor.id,
          data: null,
        });
        s.paused = paused;
        s.since = ts;
      }
      return this.view(room, s);
    });
  }

  /** Stores one chunk after every REC rule passed; throws a coded DomainError otherwise. */
  async acceptChunk(u: ChunkUpload): Promise<ChunkAccepted> {
    if (!TrackId.safeParse(u.trackId).success) throw new DomainError(ErrorCode.InvalidMessage, "malformed track id");
    if (!Number.isInteger(u.seq) || u.seq < 0 || u.seq > MAX_AUDIO_CHUNK_SEQ)
      throw new DomainError(ErrorCode.InvalidMessage, `seq must be an integer 0..${MAX_AUDIO_CHUNK_SEQ}`);
    if (u.round < 1 || u.round > u.room.round) throw new DomainError(ErrorCode.NotFound, "no such round");
    if (!isWebm(u.contentType)) throw new DomainError(ErrorCode.UnsupportedMedia, `expected ${AUDIO_CONTENT_TYPE}`);
    if (u.bytes.byteLength > MAX_AUDIO_CHUNK_BYTES) throw new DomainError(ErrorCode.TooLarge, "chunk too large");
    if (u.bytes.byteLength === 0) throw new DomainError(ErrorCode.InvalidMessage, "empty chunk");
    if (u.seq === 0 && !EBML_MAGIC.every((b, i) => u.bytes[i] === b))
      throw new DomainError(ErrorCode.UnsupportedMedia, "chunk 0 must start a WebM stream");

    const s = await this.load(u.room);
    if (s.consents.get(u.participant.id) !== "granted")
      throw new DomainError(ErrorCode.Forbidden, "this participant has not agreed to be recorded");

    const key: TrackKey = { roomId: u.room.id, round: u.round, trackId: u.trackId };
    let track = await this.deps.store.getTrack(key);
    if (!track) {
      // New tracks only start in the current round and while recording runs; an existing track may
      // still receive its tail (chunks in flight when a pause or a round change happened).
      if (u.round !== u.room.round) throw new DomainError(ErrorCode.RoundClosed, "that round has ended");
      if (s.paused) throw new DomainError(ErrorCode.Conflict, "recording is paused");
      const startedAt = Number(u.startHeader);
      const now = this.deps.now();
      if (
        !u.startHeader ||
        !Number.isFinite(startedAt) ||
        startedAt < now - MAX_START_PAST_MS ||
        startedAt > now + MAX_START_FUTURE_MS
      )
        throw new DomainError(ErrorCode.InvalidMessage, "missing or implausible track start");
      if ((await this.deps.store.listTracks(u.room.id, u.round)).length >= MAX_AUDIO_TRACKS_PER_ROUND)
        throw new DomainError(ErrorCode.TooLarge, "too many tracks in this round");
      track = await this.deps.store.ensureTrack({ ...key, participantId: u.participant.id, startedAt, createdAt: now });
    }
    if (track.participantId !== u.participant.id)
      throw new DomainError(ErrorCode.Forbidden, "this track belongs to someone else");
    if ((await this.deps.store.putChunk(key, u.seq, u.bytes)) === "duplicate")
      throw new DomainError(ErrorCode.DuplicateChunk, `chunk ${u.seq} is already stored`);
    const chunks = (await this.deps.store.listChunks(key)).length;
    return { trackId: u.trackId, seq: u.seq, chunks };
  }

  /** Every playable track of a round, with its duration. */
  async tracksFor(roomId: string, round: number): Promise<AudioTrackInfo[]> {
    const out: AudioTrackInfo[] = [];
    for (const meta of await this.deps.store.listTracks(roomId, round)) {
      const chunks = await this.deps.store.listChunks(meta);
      const audio = await this.trackAudio(meta, chunks);
      if (!audio || audio.blocks === 0) continue;
      out.push({
        trackId: meta.trackId,
        participantId: meta.participantId,
        startedAt: meta.startedAt,
        durationMs: audio.durationMs,
        bytes: audio.bytes.byteLength,
        chunks: chunks.length,
      });
    }
    return out;
  }

  /** The seekable WebM of one track, or null if it has no playable audio. */
  async trackAudio(key: TrackKey, known?: { seq: number; bytes: number }[]): Promise<SeekableTrack | null> {
    const chunks = known ?? (await this.deps.store.listChunks(key));
    const id = `${key.roomId}/${key.round}/${key.trackId}`;
    const version = `${chunks.length}:${chunks.at(-1)?.seq ?? -1}`;
    const hit = this.assembled.get(id);
    if (hit && hit.version === version) return hit.track;
    const bytes = new Map<number, Uint8Array>();
    for (const c of chunks) {
      const b = await this.deps.store.readChunk(key, c.seq);
      if (b) bytes.set(c.seq, b);
    }
    const track = assembleTrack(bytes);
    this.assembled.delete(id);
    this.assembled.set(id, { version, track });
    if (this.assembled.size > ASSEMBLED_CACHE_ENTRIES) this.assembled.delete(this.assembled.keys().next().value!);
    return track;
  }

  getTrack(key: TrackKey) {
    return this.deps.store.getTrack(key);
  }

  private async room(roomId: string): Promise<RoomRecord> {
    const room = await this.deps.rooms.get(roomId);
    if (!room) throw new DomainError(ErrorCode.RoomNotFound, "room not found");
    return room;
  }

  private async load(room: RoomRecord): Promise<RoomRecordingState> {
    const cached = this.cache.get(room.id);
    if (cached) return cached;
    const s: RoomRecordingState = { paused: false, since: room.createdAt, consents: new Map() };
    for (const e of await this.deps.events.list(room.id)) {
      if (e.kind === RecordingEventKind.Paused || e.kind === RecordingEventKind.Resumed) {
        s.paused = e.kind === RecordingEventKind.Paused;
        s.since = e.ts;
      } else if (e.kind === RecordingEventKind.Consent && e.actorId) {
        const choice = ConsentChoice.safeParse((e.data as { choice?: unknown } | null)?.choice);
        if (choice.success) s.consents.set(e.actorId, choice.data);
      }
    }
    // Another request may have loaded it while we awaited; keep the first so no update is lost.
    const raced = this.cache.get(room.id);
    if (raced) return raced;
    this.cache.set(room.id, s);
    return s;
  }

  private view(room: RoomRecord, s: RoomRecordingState): RecordingState {
    return {
      round: room.round,
      status: s.paused ? "paused" : "recording",
      consents: Object.fromEntries(s.consents),
      since: s.since,
    };
  }

  private async locked<T>(roomId: string, fn: () => Promise<T>): Promise<T> {
    const prior = this.locks.get(roomId) ?? Promise.resolve();
    const run = prior.catch(() => undefined).then(fn);
    this.locks.set(roomId, run);
    try {
      return await run;
    } finally {
      if (this.locks.get(roomId) === run) this.locks.delete(roomId);
    }
  }
}

const isWebm = (contentType: string | undefined): boolean =>
  (contentType ?? "").split(";")[0]!.trim().toLowerCase() === AUDIO_CONTENT_TYPE;
