import * as Y from "yjs";
import { CloseCode, ErrorCode, MAX_DOC_BYTES, parseDocId } from "@mockroom/shared";
import type { Logger } from "../log.ts";
import type { Storage } from "../persistence/ports.ts";
import { AWARENESS_OUTDATED_MS, AwarenessRelay } from "./awareness-relay.ts";
import { CommitQueue, type CommitItem } from "./commit-queue.ts";
import { DocRoom } from "./doc-room.ts";
import type { CollabConn } from "./types.ts";
import {
  decodeIncoming,
  encodeError,
  encodePersisted,
  encodeSyncStep1,
  encodeSyncStep2,
  encodeUpdate,
  isEmptyUpdate,
} from "./wire.ts";

export interface DocHubOptions {
  unloadGraceMs: number;
  snapshotEveryUpdates: number;
  now?: () => number;
  /** See `CommitQueueOptions.minIntervalMs`. */
  groupCommitIntervalMs?: number;
  /** See `ACK_FLUSH_MS`. */
  ackFlushMs?: number;
}

/**
 * Minimum spacing of group commits. 3 ms keeps a single editor's latency low (an idle queue
 * commits at once) while a server with hundreds of active rooms pays one fsync per ~3 ms.
 */
export const GROUP_COMMIT_INTERVAL_MS = 3;
/**
 * Persisted acks are coalesced: each author hears at most once per this period, with the newest
 * durable state vector. Acks only drive the "Saved" indicator, so a quarter second is invisible,
 * while a typist at 10 updates/s costs the server a quarter of the sends.
 */
export const ACK_FLUSH_MS = 250;

interface PendingWrite extends CommitItem {
  room: DocRoom;
  conn: CollabConn;
  /** The frame peers receive: the author's own bytes when they were a sync Update message. */
  message: Uint8Array;
}

/**
 * The collab core: loads round documents from snapshot + log, applies updates, makes them durable
 * through the group-commit queue and only then broadcasts and acknowledges them. It knows nothing
 * about WebSockets: the edge hands it `CollabConn`s and raw frames.
 */
export class DocHub {
  private readonly rooms = new Map<string, DocRoom>();
  private readonly loading = new Map<string, Promise<DocRoom>>();
  private readonly queue: CommitQueue<PendingWrite>;
  private readonly now: () => number;
  /** State vectors captured when a batch is cut: what the Persisted ack may honestly promise. */
  private readonly cutVectors = new Map<DocRoom, Uint8Array>();
  /** Authors owed a Persisted ack, and the room whose durable vector they get. */
  private readonly ackDue = new Map<CollabConn, DocRoom>();
  private ackTimer: NodeJS.Timeout | null = null;
  /**
   * One timer for every room's outdated awareness states, running only while some room has any.
   * y-protocols' `Awareness` runs one per room, which idle rooms paid for in memory and wakeups.
   */
  private readonly presenceRooms = new Set<DocRoom>();
  private sweepTimer: NodeJS.Timeout | null = null;

  constructor(
    private readonly storage: Storage,
    private readonly log: Logger,
    private readonly opts: DocHubOptions,
  ) {
    this.now = opts.now ?? Date.now;
    this.queue = new CommitQueue<PendingWrite>(
      storage.docLog,
      {
        beforeWrite: (items) => {
          this.cutVectors.clear();
          for (const item of items)
            if (!this.cutVectors.has(item.room)) this.cutVectors.set(item.room, Y.encodeStateVector(item.room.doc));
        },
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

  private async load(docId: string): Promise<DocRoom> {
    const parsed = parseDocId(docId);
    if (!parsed) throw new Error(`bad doc id ${docId}`);
    const snap = await this.storage.snapshots.latest(docId);
    const entries = await this.storage.docLog.read(docId, snap?.seq ?? 0);
    const doc = new Y.Doc();
    let bytes = snap?.state.byteLength ?? 0;
    Y.transact(doc, () => {
      if (snap) Y.applyUpdate(doc, snap.state);
      for (const e of entries) {
        Y.applyUpdate(doc, e.update);
        bytes += e.update.byteLength;
      }
    });
    const room = new DocRoom(docId, parsed.roomId, parsed.round, {
      doc,
      lastSeq: entries.at(-1)?.seq ?? snap?.seq ?? 0,
      updatesSinceSnapshot: entries.length,
      approxBytes: bytes,
    });
    this.rooms.set(docId, room);
    return room;
  }

  /** Registers a connection and starts the sync handshake (server speaks first, as y-websocket expects). */
  join(room: DocRoom, conn: CollabConn): void {
    if (room.unloadTimer) {
      clearTimeout(room.unloadTimer);
      room.unloadTimer = null;
    }
    room.conns.add(conn);
    conn.send(encodeSyncStep1(room.doc));
    // Late joiners see everyone's current presence at once.
    const states = room.awareness?.encodeAll();
    if (states) conn.send(states);
  }

  leave(room: DocRoom, conn: CollabConn): void {
    if (!room.conns.delete(conn)) return;
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
        // DOC3: a reply may only carry state that is already durable.
        room.whenDurable(() => {
          if (!room.closed && room.conns.has(conn)) conn.send(encodeSyncStep2(room.doc, msg.stateVector));
        });
        return;
      case "update":
        this.applyUpdate(room, conn, msg.update, msg.relay ? data : null);
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

  private applyUpdate(room: DocRoom, conn: CollabConn, update: Uint8Array, frame: Uint8Array | null): void {
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
    try {
      Y.applyUpdate(room.doc, update, conn);
    } catch {
      // Yjs integrates structs before it reads the delete set, so a bad tail can leave a half-applied
      // update in memory. Reload from the durable log rather than trust that state.
      conn.close(CloseCode.BadMessage, "malformed update");
      room.tainted = true;
      this.evict(room, "reloading document");
      return;
    }
    room.approxBytes += update.byteLength;
    room.markApplied();
    this.queue.enqueue({
      room,
      conn,
      // Apply once, encode never: a sync Update frame is relayed to peers byte for byte.
      message: frame ?? encodeUpdate(update),
      entry: { docId: room.docId, ts: this.now(), authorId: conn.participantId, update },
    });
  }

  private afterBatch(items: readonly PendingWrite[], seqs: readonly number[]): void {
    const counts = new Map<DocRoom, number>();
    for (let i = 0; i < items.length; i++) {
      const { room, conn, message } = items[i]!;
      room.lastSeq = seqs[i]!;
      // DOC2: broadcast only after the update is durable. The author already has it.
      if (!room.closed) {
        room.broadcast(message, conn);
        this.ackDue.set(conn, room);
      }
      counts.set(room, (counts.get(room) ?? 0) + 1);
    }
    for (const [room, count] of counts) {
      const sv = this.cutVectors.get(room);
      if (sv) room.durableVector = sv;
      room.updatesSinceSnapshot += count;
      room.settled(count);
      if (room.updatesSinceSnapshot >= this.opts.snapshotEveryUpdates && !room.tainted) void this.snapshot(room);
    }
    this.cutVectors.clear();
    if (!this.ackTimer && this.ackDue.size > 0) {
      this.ackTimer = setTimeout(() => this.flushAcks(), this.opts.ackFlushMs ?? ACK_FLUSH_MS);
      this.ackTimer.unref?.();
    }
  }

  /** Sends every owed Persisted ack, each room's encoded once (DOC2: the vector was durable when cut). */
  private flushAcks(): void {
    if (this.ackTimer) clearTimeout(this.ackTimer);
    this.ackTimer = null;
    const encoded = new Map<DocRoom, Uint8Array>();
    for (const [conn, room] of this.ackDue) {
      if (room.closed || !room.durableVector || !room.conns.has(conn)) continue;
      let ack = encoded.get(room);
      if (!ack) encoded.set(room, (ack = encodePersisted(room.durableVector)));
      conn.send(ack);
    }
    this.ackDue.clear();
  }

  private async snapshot(room: DocRoom): Promise<void> {
    if (room.closed) return;
    const seq = room.lastSeq;
    const state = Y.encodeStateAsUpdate(room.doc);
    room.updatesSinceSnapshot = 0;
    // The doc may already hold applied-but-not-durable updates past `seq`; a snapshot that is a
    // superset of its seq is harmless because replaying those log entries again is idempotent.
    await this.storage.snapshots.put({ docId: room.docId, seq, ts: this.now(), state });
    room.approxBytes = state.byteLength;
  }

  /** Drops the in-memory doc at once; connected clients reconnect and resync from storage. */
  private evict(room: DocRoom, reason: string): void {
    if (room.closed) return;
    if (this.rooms.get(room.docId) === room) this.rooms.delete(room.docId);
    for (const c of [...room.conns]) c.close(CloseCode.ServiceRestart, reason);
    room.conns.clear();
    room.whenDurable(() => room.destroy());
  }

  private async unload(room: DocRoom): Promise<void> {
    room.unloadTimer = null;
    if (room.conns.size > 0 || room.closed) return;
    await new Promise<void>((resolve) => room.whenDurable(resolve));
    if (room.conns.size > 0 || room.closed) return;
    if (room.updatesSinceSnapshot > 0 && !room.tainted) await this.snapshot(room);
    if (room.conns.size > 0) return;
    this.rooms.delete(room.docId);
    this.presenceRooms.delete(room);
    room.destroy();
  }

  /** Makes everything durable and releases every document, e.g. on SIGTERM. */
  async close(): Promise<void> {
    await this.queue.drain();
    this.flushAcks();
    if (this.sweepTimer) clearInterval(this.sweepTimer);
    this.sweepTimer = null;
    for (const room of [...this.rooms.values()]) {
      for (const c of [...room.conns]) c.close(CloseCode.ServiceRestart, "server shutting down");
      room.conns.clear();
      await this.unload(room);
    }
  }

  /** Current state of a loaded doc, for tests and replay cross-checks. */
  get(docId: string): DocRoom | undefined {
    return this.rooms.get(docId);
  }

  drain(): Promise<void> {
    return this.queue.drain();
  }
}
