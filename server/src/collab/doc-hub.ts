import * as Y from "yjs";
import { CloseCode, ErrorCode, MAX_DOC_BYTES, parseDocId } from "@mockroom/shared";
import { compactBoardHistory } from "@mockroom/shared/yjs";
import type { Logger } from "../log.ts";
import type { Storage } from "../persistence/ports.ts";
import { AWARENESS_OUTDATED_MS, AwarenessRelay } from "./awareness-relay.ts";
import { CommitQueue, type CommitItem } from "./commit-queue.ts";
import { DocRoom } from "./doc-room.ts";
import { PersistedAcks } from "./persisted-acks.ts";
import type { CollabConn } from "./types.ts";
import { checkUpdate, type UpdateShape } from "./update-check.ts";
import {
  decodeIncoming,
  encodeEpoch,
  encodeError,
  encodePersisted,
  encodeSyncStep1,
  encodeSyncStep1Vector,
  encodeStateVector,
  encodeSyncStep2,
  encodeSyncStep2Update,
  encodeUpdate,
  EMPTY_UPDATE,
  isEmptyStateVector,
  isEmptyUpdate,
} from "./wire.ts";

export interface DocHubOptions {
  unloadGraceMs: number;
  snapshotEveryUpdates: number;
  now?: () => number;
  /** See `CommitQueueOptions.minIntervalMs`. */
  groupCommitIntervalMs?: number;
  /** See `ACK_QUIET_MS` / `ACK_MAX_DELAY_MS` in persisted-acks.ts. */
  ackQuietMs?: number;
  ackMaxDelayMs?: number;
  /** See `DEHYDRATE_AFTER_MS`. */
  dehydrateAfterMs?: number;
  /** See `COMPACT_MIN_COLLECTED` (DOC12). */
  compactMinCollected?: number;
}

/**
 * Minimum spacing of group commits. Each commit is an fsync plus a round trip to the writer
 * thread, whatever it carries: at R = 500 busy rooms, 10 ms instead of 3 ms cut server CPU per
 * edit by ~20 % and p99 latency too (fewer commits competing), for ~5 ms more median latency,
 * far below what a person notices on a shared board. An idle queue still commits at once.
 */
export const GROUP_COMMIT_INTERVAL_MS = 10;
/**
 * Updates are integrated into the room's Y.Doc in batches: when this many are waiting, or when
 * something needs the doc. Small enough that the deferred work shows up in a benchmark window
 * of a few seconds and the tail stays a few KB; large enough to share one transaction.
 */
export const TAIL_MAX_UPDATES = 32;
export const TAIL_MAX_BYTES = 256 * 1024;
/**
 * A materialized doc nobody has needed for this long is encoded to bytes and dropped (idle
 * memory). Large docs stay longer: rebuilding one costs more than it saves.
 */
export const DEHYDRATE_AFTER_MS = 2_000;
const DEHYDRATE_LARGE_AFTER_MS = 60_000;
const LARGE_DOC_BYTES = 256 * 1024;
const DEHYDRATE_SWEEP_MS = 1_000;
/**
 * Batched integrations run off the relay path, at most this long per event-loop turn: rooms that
 * filled their tails together (e.g. all started together) must not stall every other room at once.
 */
const INTEGRATE_BUDGET_MS = 2;

/** Stands in for the shape of a stored update the checker refused (the clocks are forgotten anyway). */
const NO_SHAPE: UpdateShape = { ranges: [], contiguous: false, deletes: 0 };

interface PendingWrite extends CommitItem {
  room: DocRoom;
  conn: CollabConn;
  /** The frame peers receive: the author's own bytes when they were a sync Update message. */
  message: Uint8Array;
  shape: UpdateShape;
}

/**
 * The collab core: loads round documents from snapshot + log, checks updates, makes them durable
 * through the group-commit queue and only then relays and acknowledges them. Integration into a
 * Y.Doc is deferred and batched (see DocRoom). It knows nothing about WebSockets: the edge hands
 * it `CollabConn`s and raw frames.
 */
export class DocHub {
  private readonly rooms = new Map<string, DocRoom>();
  private readonly loading = new Map<string, Promise<DocRoom>>();
  private readonly queue: CommitQueue<PendingWrite>;
  private readonly now: () => number;
  private readonly acks: PersistedAcks<DocRoom>;
  /**
   * One timer for every room's outdated awareness states, running only while some room has any.
   * y-protocols' `Awareness` runs one per room, which idle rooms paid for in memory and wakeups.
   */
  private readonly presenceRooms = new Set<DocRoom>();
  private sweepTimer: NodeJS.Timeout | null = null;
  /** Materialized rooms, swept for dehydration by one timer while any exist. */
  private readonly hydrated = new Set<DocRoom>();
  private dehydrateTimer: NodeJS.Timeout | null = null;
  /** Rooms whose tail is full, integrated a few at a time between relays. */
  private readonly toIntegrate = new Set<DocRoom>();
  private integrating = false;

  constructor(
    private readonly storage: Storage,
    private readonly log: Logger,
    private readonly opts: DocHubOptions,
  ) {
    this.now = opts.now ?? Date.now;
    this.acks = new PersistedAcks<DocRoom>(
      (room) => this.encodeAck(room),
      (room, conn) => !room.closed && room.conns.has(conn),
      {
        ...(opts.ackQuietMs ? { quietMs: opts.ackQuietMs } : {}),
        ...(opts.ackMaxDelayMs ? { maxDelayMs: opts.ackMaxDelayMs } : {}),
      },
    );
    this.queue = new CommitQueue<PendingWrite>(
      storage.docLog,
      {
        afterWrite: (items, seqs) => this.afterBatch(items, seqs),
        onFailure: (items, error) => {
          this.log.error("doc log append failed", { error: String(error) });
          // Nothing in this batch was acknowledged, so the authors still hold it: drop the in-memory
          // state and let every client reconnect and resend.
          for (const room of new Set(items.map((i) => i.room))) {
            room.settled(items.filter((i) => i.room === room).length);
            this.evict(room, "storage failure, reconnecting");
          }
        },
      },
      { minIntervalMs: opts.groupCommitIntervalMs ?? GROUP_COMMIT_INTERVAL_MS },
    );
  }

  get loadedCount(): number {
    return this.rooms.size;
  }

  isLoaded(docId: string): boolean {
    return this.rooms.has(docId);
  }

  async acquire(docId: string): Promise<DocRoom> {
    const loaded = this.rooms.get(docId);
    if (loaded) return loaded;
    const inFlight = this.loading.get(docId);
    if (inFlight) return inFlight;
    const p = this.load(docId).finally(() => this.loading.delete(docId));
    this.loading.set(docId, p);
    return p;
  }

  /** Reads the snapshot and the log after it; nothing is integrated until a client needs the doc. */
  private async load(docId: string): Promise<DocRoom> {
    const parsed = parseDocId(docId);
    if (!parsed) throw new Error(`bad doc id ${docId}`);
    const snap = await this.storage.snapshots.latest(docId);
    const entries = await this.storage.docLog.read(docId, snap?.seq ?? 0);
    let bytes = snap?.state.byteLength ?? 0;
    for (const e of entries) bytes += e.update.byteLength;
    const room = new DocRoom(docId, parsed.roomId, parsed.round, {
      base: snap?.state ?? null,
      // Without a stored vector the clocks come from the first integration instead.
      clocks: !snap ? new Map() : snap.stateVector ? Y.decodeStateVector(snap.stateVector) : null,
      lastSeq: entries.at(-1)?.seq ?? snap?.seq ?? 0,
      updatesSinceSnapshot: entries.length,
      approxBytes: bytes,
      epoch: snap?.epoch ?? 0,
    });
    for (const e of entries) {
      let shape: UpdateShape | null = null;
      try {
        shape = checkUpdate(e.update);
      } catch {
        room.forgetClocks();
      }
      room.addDurable(e.update, shape ?? NO_SHAPE);
    }
    this.rooms.set(docId, room);
    return room;
  }

  /**
   * The room's doc with every durable update integrated, or null if the room had to be evicted
   * because integration failed (a logged update Yjs refuses: the checker should make this
   * impossible, so it is logged loudly and the room is rebuilt without that update).
   */
  private docOf(room: DocRoom): Y.Doc | null {
    // Internal timing uses the monotonic clock: `now` is the log's timestamp source, which tests may fix.
    const now = performance.now();
    let doc: Y.Doc;
    try {
      doc = room.materialize(now);
    } catch (error) {
      const { skipped } = room.rebuild(now);
      this.log.error("integration failed; room rebuilt without the refused updates", {
        docId: room.docId,
        skipped,
        error: String(error),
      });
      this.evict(room, "reloading document");
      return null;
    }
    this.watchHydrated(room);
    return doc;
  }

  /**
   * Registers a connection and starts the sync handshake (server speaks first, as y-websocket
   * expects). `clientEpoch` is the epoch of the doc the client already holds, null for a fresh one:
   * a doc from another epoch may hold writes that compaction made unsafe, so it is refused before
   * anything of it is read (DOC13) and the client starts a fresh one.
   */
  join(room: DocRoom, conn: CollabConn, clientEpoch: number | null = null): void {
    if (clientEpoch !== null && clientEpoch !== room.epoch) {
      conn.close(CloseCode.DocReset, ErrorCode.DocReset);
      this.releaseIfIdle(room);
      return;
    }
    if (room.unloadTimer) {
      clearTimeout(room.unloadTimer);
      room.unloadTimer = null;
    }
    // Our state vector tells the client what to send us. The tracked durable clocks answer it
    // without building the doc; they never claim a struct the log lacks (see DocRoom.addDurable).
    const clocks = room.durableClocks();
    let step1: Uint8Array;
    if (clocks) step1 = encodeSyncStep1Vector(encodeStateVector(clocks));
    else {
      const doc = this.docOf(room);
      if (!doc) return conn.close(CloseCode.ServiceRestart, "reloading document");
      step1 = encodeSyncStep1(doc);
    }
    room.conns.add(conn);
    conn.send(encodeEpoch(room.epoch));
    conn.send(step1);
    // Late joiners see everyone's current presence at once.
    const states = room.awareness?.encodeAll();
    if (states) conn.send(states);
  }

  leave(room: DocRoom, conn: CollabConn): void {
    if (!room.conns.delete(conn)) return;
    this.acks.forget(conn);
    // The states this connection announced go with it, for everyone else.
    const removed = room.awareness?.removeOwnedBy(conn, this.now());
    if (removed) room.broadcast(removed);
    this.releaseIfIdle(room);
  }

  /** Starts the unload grace period once nobody is connected (MEM1). */
  releaseIfIdle(room: DocRoom): void {
    if (room.conns.size > 0 || room.closed || room.unloadTimer) return;
    room.unloadTimer = setTimeout(() => void this.unload(room), this.opts.unloadGraceMs);
    room.unloadTimer.unref?.();
  }

  /** Handles one binary frame. Malformed input closes only the offending connection (DOC4). */
  receive(room: DocRoom, conn: CollabConn, data: Uint8Array): void {
    if (room.closed) return;
    let msg;
    try {
      msg = decodeIncoming(data);
    } catch {
      conn.close(CloseCode.BadMessage, "malformed message");
      return;
    }
    switch (msg.kind) {
      case "sync-step-1":
        // DOC3/DOC9: answered once everything accepted before it is durable, from durable state only.
        room.whenDurable(() => {
          if (room.closed || !room.conns.has(conn)) return;
          // A client with nothing (a fresh join) of a dehydrated room gets the stored bytes as they
          // are, then the tail as ordinary updates: no doc is built to answer it. Anyone else gets
          // an exact diff from the integrated doc.
          const stored = isEmptyStateVector(msg.stateVector) ? room.storedState() : null;
          if (stored) {
            conn.send(encodeSyncStep2Update(stored.base ?? EMPTY_UPDATE));
            for (const u of stored.tail) conn.send(encodeUpdate(u));
            return;
          }
          const doc = this.docOf(room);
          if (doc) conn.send(encodeSyncStep2(doc, msg.stateVector));
        });
        return;
      case "update":
        this.acceptUpdate(room, conn, msg.update, msg.relay ? data : null);
        return;
      case "awareness": {
        // RO2: observers share presence too; awareness never touches the document.
        room.awareness ??= new AwarenessRelay();
        let frame;
        try {
          frame = room.awareness.apply(msg.update, conn, this.now());
        } catch {
          conn.close(CloseCode.BadMessage, "malformed awareness update");
          return;
        }
        if (frame) room.broadcast(frame);
        if (room.awareness.size > 0) this.watchPresence(room);
        return;
      }
      case "query-awareness": {
        const states = room.awareness?.encodeAll();
        if (states) conn.send(states);
        return;
      }
    }
  }

  private watchPresence(room: DocRoom): void {
    this.presenceRooms.add(room);
    if (this.sweepTimer) return;
    this.sweepTimer = setInterval(() => this.sweepPresence(), AWARENESS_OUTDATED_MS / 10);
    this.sweepTimer.unref?.();
  }

  /** Drops presence not renewed for `AWARENESS_OUTDATED_MS`, as y-protocols' `Awareness` would. */
  private sweepPresence(): void {
    const now = this.now();
    for (const room of this.presenceRooms) {
      const removed = room.closed ? null : room.awareness?.sweep(now);
      if (removed) room.broadcast(removed);
      if (room.closed || !room.awareness || room.awareness.size === 0) this.presenceRooms.delete(room);
    }
    if (this.presenceRooms.size === 0 && this.sweepTimer) {
      clearInterval(this.sweepTimer);
      this.sweepTimer = null;
    }
  }

  private watchHydrated(room: DocRoom): void {
    this.hydrated.add(room);
    if (this.dehydrateTimer) return;
    this.dehydrateTimer = setInterval(() => this.sweepHydrated(), DEHYDRATE_SWEEP_MS);
    this.dehydrateTimer.unref?.();
  }

  /** Encodes and drops docs nobody has needed for a while; they come back on the next need. */
  private sweepHydrated(): void {
    const now = performance.now();
    const after = this.opts.dehydrateAfterMs ?? DEHYDRATE_AFTER_MS;
    for (const room of this.hydrated) {
      // The rest waits for the next sweep rather than stall live rooms.
      if (performance.now() - now > INTEGRATE_BUDGET_MS) break;
      if (room.closed || !room.isMaterialized) {
        this.hydrated.delete(room);
        continue;
      }
      const idleFor = now - room.lastUsed;
      if (idleFor < (room.approxBytes > LARGE_DOC_BYTES ? DEHYDRATE_LARGE_AFTER_MS : after)) continue;
      // Integrate what is waiting first, so the encoded state is the whole durable state.
      if (room.tailLength > 0 && !this.docOf(room)) continue;
      room.dehydrate();
      this.hydrated.delete(room);
    }
    if (this.hydrated.size === 0 && this.dehydrateTimer) {
      clearInterval(this.dehydrateTimer);
      this.dehydrateTimer = null;
    }
  }

  private acceptUpdate(room: DocRoom, conn: CollabConn, update: Uint8Array, frame: Uint8Array | null): void {
    if (isEmptyUpdate(update)) return;
    if (!conn.canWrite) {
      // RO1: the update never reaches the doc; the sender is told why, once per message.
      conn.send(encodeError(ErrorCode.Forbidden, "read-only in this room"));
      return;
    }
    if (room.approxBytes + update.byteLength > MAX_DOC_BYTES) {
      conn.close(CloseCode.TooLarge, "document size limit reached");
      return;
    }
    let shape: UpdateShape;
    try {
      // DOC8: checked, not integrated — anything Yjs could refuse is refused here, before the log.
      shape = checkUpdate(update);
      if (room.overlapsAccepted(shape)) {
        // It restates structs we hold (a resend racing its original, or a forgery): keep only
        // what is new. Yjs would skip the known part anyway, but trusting the ids of a forged
        // restatement can break integration later.
        update = Y.diffUpdate(update, encodeStateVector(room.acceptedClocks()));
        frame = null;
        shape = checkUpdate(update);
        if (shape.ranges.length === 0 && shape.deletes === 0) return;
      }
    } catch {
      conn.close(CloseCode.BadMessage, "malformed update");
      return;
    }
    room.noteAccepted(shape);
    room.approxBytes += update.byteLength;
    room.markAccepted();
    this.queue.enqueue({
      room,
      conn,
      // Check once, encode never: a sync Update frame is relayed to peers byte for byte.
      message: frame ?? encodeUpdate(update),
      shape,
      // A compact copy: the frame is a view into a socket read buffer the tail must not pin.
      entry: { docId: room.docId, ts: this.now(), authorId: conn.participantId, update: update.slice() },
    });
  }

  private afterBatch(items: readonly PendingWrite[], seqs: readonly number[]): void {
    const now = performance.now();
    const touched = new Set<DocRoom>();
    for (let i = 0; i < items.length; i++) {
      const { room, conn, message, shape, entry } = items[i]!;
      room.lastSeq = seqs[i]!;
      if (room.closed) {
        room.settled(1);
        continue;
      }
      // DOC2: relay only after the update is durable. The author already has it.
      room.addDurable(entry.update, shape);
      // A room being edited keeps its doc: dropping it between batches would rebuild it from bytes each time.
      room.lastUsed = now;
      room.broadcast(message, conn);
      room.updatesSinceSnapshot++;
      // After the tail holds it: a sync reply waiting on this update is built with it (DOC9).
      room.settled(1);
      touched.add(room);
      this.acks.owe(conn, room, now);
    }
    for (const room of touched) {
      if (room.updatesSinceSnapshot >= this.opts.snapshotEveryUpdates) void this.snapshot(room);
      else if (room.tailLength >= TAIL_MAX_UPDATES || room.tailByteLength >= TAIL_MAX_BYTES) this.integrateSoon(room);
    }
    this.acks.schedule();
  }

  private integrateSoon(room: DocRoom): void {
    this.toIntegrate.add(room);
    if (this.integrating) return;
    this.integrating = true;
    setImmediate(() => this.integrateSome());
  }

  private integrateSome(): void {
    const until = performance.now() + INTEGRATE_BUDGET_MS;
    for (const room of this.toIntegrate) {
      this.toIntegrate.delete(room);
      if (!room.closed && room.tailLength > 0) this.docOf(room);
      if (performance.now() >= until) break;
    }
    if (this.toIntegrate.size > 0) setImmediate(() => this.integrateSome());
    else this.integrating = false;
  }

  /** A room's Persisted ack (DOC2): its durable state vector, which names nothing the log lacks. */
  private encodeAck(room: DocRoom): Uint8Array | null {
    const clocks = room.durableClocks();
    if (clocks) return encodePersisted(encodeStateVector(clocks));
    // Clocks unknown (a gap, or stored state not read yet): the doc holds only durable updates.
    const doc = this.docOf(room);
    return doc ? encodePersisted(Y.encodeStateVector(doc)) : null;
  }

  /**
   * Writes the room's state as its snapshot. With `compact`, and only while nobody is connected
   * (every doc that could still write from the old history is then outside the room and must
   * reconnect, which DOC13 turns into a fresh start), a board with a long move history is stored
   * compacted under the next epoch (DOC12): a later join integrates the live elements only.
   */
  private async snapshot(room: DocRoom, opts: { compact?: boolean } = {}): Promise<void> {
    if (room.closed) return;
    const doc = this.docOf(room);
    if (!doc) return;
    const seq = room.lastSeq;
    const stateVector = Y.encodeStateVector(doc);
    const compaction =
      opts.compact && room.conns.size === 0 ? compactBoardHistory(doc, this.opts.compactMinCollected) : null;
    if (!compaction && room.updatesSinceSnapshot === 0) return;
    let state: Uint8Array;
    if (compaction) {
      state = compaction.state;
      room.compacted(state);
      this.log.info("board history compacted", {
        docId: room.docId,
        epoch: room.epoch,
        collected: compaction.collected,
        live: compaction.live,
        bytes: state.byteLength,
      });
    } else state = Y.encodeStateAsUpdate(doc);
    room.updatesSinceSnapshot = 0;
    // The doc held exactly the durable updates through `seq` (the tail was just integrated).
    await this.storage.snapshots.put({ docId: room.docId, seq, ts: this.now(), state, stateVector, epoch: room.epoch });
    room.approxBytes = state.byteLength + room.tailByteLength;
  }

  /** Drops the in-memory doc at once; connected clients reconnect and resync from storage. */
  private evict(room: DocRoom, reason: string): void {
    if (room.closed) return;
    if (this.rooms.get(room.docId) === room) this.rooms.delete(room.docId);
    for (const c of [...room.conns]) c.close(CloseCode.ServiceRestart, reason);
    room.conns.clear();
    this.hydrated.delete(room);
    room.whenDurable(() => room.destroy());
  }

  private async unload(room: DocRoom): Promise<void> {
    room.unloadTimer = null;
    if (room.conns.size > 0 || room.closed) return;
    await new Promise<void>((resolve) => room.whenDurable(resolve));
    if (room.conns.size > 0 || room.closed) return;
    // A materialized doc costs nothing to check for compaction; a dehydrated one is left as stored.
    if (room.updatesSinceSnapshot > 0 || room.isMaterialized) await this.snapshot(room, { compact: true });
    if (room.conns.size > 0 || room.closed) return;
    this.rooms.delete(room.docId);
    this.presenceRooms.delete(room);
    this.hydrated.delete(room);
    room.destroy();
  }

  /** Makes everything durable and releases every document, e.g. on SIGTERM. */
  async close(): Promise<void> {
    await this.queue.drain();
    this.acks.close();
    if (this.sweepTimer) clearInterval(this.sweepTimer);
    this.sweepTimer = null;
    if (this.dehydrateTimer) clearInterval(this.dehydrateTimer);
    this.dehydrateTimer = null;
    for (const room of [...this.rooms.values()]) {
      for (const c of [...room.conns]) c.close(CloseCode.ServiceRestart, "server shutting down");
      room.conns.clear();
      await this.unload(room);
    }
  }

  /** A loaded room, for the edge and tests. */
  get(docId: string): DocRoom | undefined {
    return this.rooms.get(docId);
  }

  /** The current durable state of a loaded doc, integrated: for tests and replay cross-checks. */
  stateOf(docId: string): Y.Doc | undefined {
    const room = this.rooms.get(docId);
    return room ? (this.docOf(room) ?? undefined) : undefined;
  }

  drain(): Promise<void> {
    return this.queue.drain();
  }
}
