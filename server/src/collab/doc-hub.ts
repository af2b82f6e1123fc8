import * as awarenessProtocol from "y-protocols/awareness";
import * as Y from "yjs";
import { CloseCode, ErrorCode, MAX_DOC_BYTES, parseDocId } from "@mockroom/shared";
import type { Logger } from "../log.ts";
import type { Storage } from "../persistence/ports.ts";
import { CommitQueue, type CommitItem } from "./commit-queue.ts";
import { DocRoom } from "./doc-room.ts";
import type { CollabConn } from "./types.ts";
import {
  decodeIncoming,
  encodeAwareness,
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
}

interface PendingWrite extends CommitItem {
  room: DocRoom;
  conn: CollabConn;
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
  private readonly queue: CommitQueue;
  private readonly now: () => number;
  /** State vectors captured when a batch is cut: what the Persisted ack may honestly promise. */
  private readonly cutVectors = new Map<DocRoom, Uint8Array>();

  constructor(
    private readonly storage: Storage,
    private readonly log: Logger,
    private readonly opts: DocHubOptions,
  ) {
    this.now = opts.now ?? Date.now;
    this.queue = new CommitQueue(storage.docLog, {
      beforeWrite: (items) => {
        this.cutVectors.clear();
        for (const item of items as PendingWrite[])
          if (!this.cutVectors.has(item.room)) this.cutVectors.set(item.room, Y.encodeStateVector(item.room.doc));
      },
      afterWrite: (items) => this.afterBatch(items as PendingWrite[]),
      onFailure: (items, error) => {
        this.log.error("doc log append failed", { error: String(error) });
        // Nothing in this batch was acknowledged, so the authors still hold it: drop the in-memory
        // state and let every client reconnect and resend.
        for (const room of new Set((items as PendingWrite[]).map((i) => i.room))) {
          room.settled(items.filter((i) => (i as PendingWrite).room === room).length);
          this.evict(room, "storage failure, reconnecting");
        }
      },
    });
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
    room.awareness.on("update", ({ added, updated, removed }: AwarenessChange, origin: unknown) => {
      const changed = [...added, ...updated, ...removed];
      if (origin && typeof origin === "object" && "awarenessIds" in origin) {
        const conn = origin as CollabConn;
        for (const id of added) conn.awarenessIds.add(id);
        for (const id of removed) conn.awarenessIds.delete(id);
      }
      room.broadcast(encodeAwareness(room.awareness, changed));
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
    const states = [...room.awareness.getStates().keys()];
    if (states.length > 0) conn.send(encodeAwareness(room.awareness, states));
  }

  leave(room: DocRoom, conn: CollabConn): void {
    if (!room.conns.delete(conn)) return;
    if (conn.awarenessIds.size > 0)
      awarenessProtocol.removeAwarenessStates(room.awareness, [...conn.awarenessIds], null);
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
        this.applyUpdate(room, conn, msg.update);
        return;
      case "awareness":
        try {
          awarenessProtocol.applyAwarenessUpdate(room.awareness, msg.update, conn);
        } catch {
          conn.close(CloseCode.BadMessage, "malformed awareness update");
        }
        return;
      case "query-awareness":
        conn.send(encodeAwareness(room.awareness, [...room.awareness.getStates().keys()]));
        return;
    }
  }

  private applyUpdate(room: DocRoom, conn: CollabConn, update: Uint8Array): void {
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
    const item: PendingWrite = {
      room,
      conn,
      message: encodeUpdate(update),
      entry: { docId: room.docId, ts: this.now(), authorId: conn.participantId, update },
      onCommitted: (seq) => {
        room.lastSeq = seq;
      },
    };
    this.queue.enqueue(item);
  }

  private afterBatch(items: PendingWrite[]): void {
    const perRoom = new Map<DocRoom, { count: number; authors: Set<CollabConn> }>();
    for (const item of items) {
      const { room, conn } = item;
      // DOC2: broadcast only after the update is durable. The author already has it.
      if (!room.closed) room.broadcast(item.message, conn);
      const agg = perRoom.get(room) ?? { count: 0, authors: new Set<CollabConn>() };
      agg.count++;
      agg.authors.add(conn);
      perRoom.set(room, agg);
    }
    for (const [room, { count, authors }] of perRoom) {
      const sv = this.cutVectors.get(room);
      if (sv && !room.closed) {
        const ack = encodePersisted(sv);
        for (const conn of authors) if (room.conns.has(conn)) conn.send(ack);
      }
      room.updatesSinceSnapshot += count;
      room.settled(count);
      if (room.updatesSinceSnapshot >= this.opts.snapshotEveryUpdates && !room.tainted) void this.snapshot(room);
    }
    this.cutVectors.clear();
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
    room.destroy();
  }

  /** Makes everything durable and releases every document, e.g. on SIGTERM. */
  async close(): Promise<void> {
    await this.queue.drain();
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

interface AwarenessChange {
  added: number[];
  updated: number[];
  removed: number[];
}
