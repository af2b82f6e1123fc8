import * as awarenessProtocol from "y-protocols/awareness";
import type * as Y from "yjs";
import type { CollabConn } from "./types.ts";

/** One loaded round document: the Y.Doc, who is connected, and what is waiting to be made durable. */
export class DocRoom {
  readonly doc: Y.Doc;
  readonly awareness: awarenessProtocol.Awareness;
  readonly conns = new Set<CollabConn>();
  /** Updates applied in memory but not yet durable: sync replies wait for them (DOC3). */
  pendingWrites = 0;
  private afterDurable: (() => void)[] = [];
  lastSeq: number;
  updatesSinceSnapshot: number;
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
    this.awareness = new awarenessProtocol.Awareness(this.doc);
    // The server has no presence of its own; without this it would appear as a phantom peer.
    this.awareness.setLocalState(null);
  }

  /** Runs `fn` once nothing applied to this doc is waiting for the disk. */
  whenDurable(fn: () => void): void {
    if (this.pendingWrites === 0) fn();
    else this.afterDurable.push(fn);
  }

  settled(count: number): void {
    this.pendingWrites -= count;
    if (this.pendingWrites === 0 && this.afterDurable.length > 0) {
      const fns = this.afterDurable;
      this.afterDurable = [];
      for (const fn of fns) fn();
    }
  }

  broadcast(message: Uint8Array, except?: CollabConn): void {
    for (const c of this.conns) if (c !== except) c.send(message);
  }

  destroy(): void {
    this.closed = true;
    if (this.unloadTimer) clearTimeout(this.unloadTimer);
    this.awareness.destroy();
    this.doc.destroy();
  }
}
