import type * as Y from "yjs";
import type { AwarenessRelay } from "./awareness-relay.ts";
import type { CollabConn } from "./types.ts";

/** One loaded round document: the Y.Doc, who is connected, and what is waiting to be made durable. */
export class DocRoom {
  readonly doc: Y.Doc;
  /** Created on the first awareness message: an idle room with no presence keeps none (idle memory). */
  awareness: AwarenessRelay | null = null;
  readonly conns = new Set<CollabConn>();
  /** Updates applied in memory, and how many of them are durable: sync replies wait on these (DOC3). */
  private applied = 0;
  private durable = 0;
  private waiters: { target: number; fn: () => void }[] = [];
  lastSeq: number;
  updatesSinceSnapshot: number;
  /** The newest state vector known to be durable, for coalesced Persisted acks. */
  durableVector: Uint8Array | null = null;
  /** Snapshot bytes plus every update since: a cheap upper bound on the stored size (DOC6). */
  approxBytes: number;
  unloadTimer: NodeJS.Timeout | null = null;
  /** Set when a bad update may have half-applied: the room is reloaded from the log, not snapshotted. */
  tainted = false;
  closed = false;

  constructor(
    readonly docId: string,
    readonly roomId: string,
    readonly round: number,
    init: { doc: Y.Doc; lastSeq: number; updatesSinceSnapshot: number; approxBytes: number },
  ) {
    this.doc = init.doc;
    this.lastSeq = init.lastSeq;
    this.updatesSinceSnapshot = init.updatesSinceSnapshot;
    this.approxBytes = init.approxBytes;
  }

  get pendingWrites(): number {
    return this.applied - this.durable;
  }

  markApplied(): void {
    this.applied++;
  }

  /**
   * Runs `fn` once every update applied *before this call* is durable. Waiting for "nothing
   * pending" instead could starve a reader while writers keep the queue busy.
   */
  whenDurable(fn: () => void): void {
    if (this.durable >= this.applied) fn();
    else this.waiters.push({ target: this.applied, fn });
  }

  settled(count: number): void {
    this.durable += count;
    if (this.waiters.length === 0) return;
    const ready = this.waiters.filter((w) => w.target <= this.durable);
    this.waiters = this.waiters.filter((w) => w.target > this.durable);
    for (const w of ready) w.fn();
  }

  broadcast(message: Uint8Array, except?: CollabConn): void {
    for (const c of this.conns) if (c !== except) c.send(message);
  }

  destroy(): void {
    this.closed = true;
    if (this.unloadTimer) clearTimeout(this.unloadTimer);
    this.awareness = null;
    this.doc.destroy();
  }
}
