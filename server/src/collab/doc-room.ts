import * as Y from "yjs";
import type { AwarenessRelay } from "./awareness-relay.ts";
import type { CollabConn } from "./types.ts";
import type { UpdateShape } from "./update-check.ts";

/**
 * One loaded round document. Its state lives in one of two forms:
 *
 * - **dehydrated**: `base` (an encoded Yjs state) plus `tail` (durable updates since), no `Y.Doc`;
 * - **materialized**: a `Y.Doc` holding `base`, with `tail` still to be integrated.
 *
 * Updates are never integrated one at a time on the hot path: they are checked (update-check.ts),
 * logged, relayed byte for byte and appended to `tail`. The doc is built or brought up to date only
 * when something needs it — a sync reply, a snapshot, a full tail — so a typist costs the server
 * one batched integration per `TAIL_MAX_UPDATES` instead of one per keystroke, and an idle room
 * holds a few KB of bytes instead of a `Y.Doc` and its structs (issue 6, docs/benchmarks.md).
 */
export class DocRoom {
  private doc: Y.Doc | null = null;
  private base: Uint8Array | null;
  private tail: Uint8Array[] = [];
  private tailBytes = 0;
  /**
   * Per client, the clock up to which its structs are durable: what a Persisted ack may promise,
   * kept from the checked shape of each logged update so acks need no integration. `clocksExact`
   * turns false when an update leaves a gap (or the room was just loaded); the next ack then
   * integrates and takes the doc's own state vector, which is durable because only durable
   * updates ever reach the doc.
   */
  private clocks = new Map<number, number>();
  private clocksExact: boolean;
  /**
   * Per client, the clock up to which structs have been *accepted* (queued for the log, durable or
   * not), gap-free. An incoming section that starts below it restates structs we already hold;
   * Yjs trusts ids, so a forged restatement could break integration later. Such updates are
   * trimmed to what is new before they are logged (DOC8).
   */
  private acceptedClocksMap: Map<number, number>;
  /** Created on the first awareness message: an idle room with no presence keeps none (idle memory). */
  awareness: AwarenessRelay | null = null;
  readonly conns = new Set<CollabConn>();
  /** Updates accepted (checked and queued), and how many of them are durable: sync replies wait on these (DOC9). */
  private accepted = 0;
  private durable = 0;
  private waiters: { target: number; fn: () => void }[] = [];
  lastSeq: number;
  updatesSinceSnapshot: number;
  /** Snapshot bytes plus every update since: a cheap upper bound on the stored size (DOC6). */
  approxBytes: number;
  unloadTimer: NodeJS.Timeout | null = null;
  /** When the doc was last needed (ms): idle materialized rooms are dehydrated by the hub's sweep. */
  lastUsed = 0;
  closed = false;
  /** Bumped by each board-history compaction (DOC12); clients of an older epoch start afresh (DOC13). */
  epoch: number;

  constructor(
    readonly docId: string,
    readonly roomId: string,
    readonly round: number,
    init: {
      base: Uint8Array | null;
      /** The state vector of `base`, if known (a new room: empty; a snapshot: stored beside it). */
      clocks: Map<number, number> | null;
      lastSeq: number;
      updatesSinceSnapshot: number;
      approxBytes: number;
      epoch: number;
    },
  ) {
    this.epoch = init.epoch;
    this.base = init.base;
    this.clocks = init.clocks ?? new Map();
    this.acceptedClocksMap = new Map(this.clocks);
    this.clocksExact = init.clocks !== null;
    this.lastSeq = init.lastSeq;
    this.updatesSinceSnapshot = init.updatesSinceSnapshot;
    this.approxBytes = init.approxBytes;
  }

  /** True if some section of the update restates structs already accepted. */
  overlapsAccepted(shape: UpdateShape): boolean {
    const r = shape.ranges;
    for (let i = 0; i < r.length; i += 3) if (r[i + 1]! < (this.acceptedClocksMap.get(r[i]!) ?? 0)) return true;
    return false;
  }

  /** The accepted clocks, to trim a restating update against. */
  acceptedClocks(): ReadonlyMap<number, number> {
    return this.acceptedClocksMap;
  }

  noteAccepted(shape: UpdateShape): void {
    const r = shape.ranges;
    for (let i = 0; i < r.length; i += 3) {
      const known = this.acceptedClocksMap.get(r[i]!) ?? 0;
      // Only gap-free growth: a section past a hole says nothing about the hole.
      if (r[i + 1]! <= known && r[i + 2]! > known) this.acceptedClocksMap.set(r[i]!, r[i + 2]!);
    }
  }

  /** Stops trusting the tracked clocks until the next integration (e.g. a stored update the checker refuses). */
  forgetClocks(): void {
    this.clocksExact = false;
  }

  get isMaterialized(): boolean {
    return this.doc !== null;
  }

  get pendingWrites(): number {
    return this.accepted - this.durable;
  }

  get tailLength(): number {
    return this.tail.length;
  }

  get tailByteLength(): number {
    return this.tailBytes;
  }

  markAccepted(): void {
    this.accepted++;
  }

  /** A logged update joins the tail; its checked shape advances the durable clocks. */
  addDurable(update: Uint8Array, shape: UpdateShape): void {
    this.tail.push(update);
    this.tailBytes += update.byteLength;
    if (!this.clocksExact) return;
    if (!shape.contiguous) {
      this.clocksExact = false;
      return;
    }
    const r = shape.ranges;
    for (let i = 0; i < r.length; i += 3) {
      const client = r[i]!;
      const known = this.clocks.get(client) ?? 0;
      // A section that starts past what is durable leaves a hole: structs beyond it are logged but
      // the ones before are not, so nothing past `known` may be promised for that client.
      if (r[i + 1]! > known) this.clocksExact = false;
      else if (r[i + 2]! > known) this.clocks.set(client, r[i + 2]!);
    }
  }

  /**
   * The doc with every durable update integrated. Throws if integration fails (a logged update
   * that Yjs rejects); the hub then rebuilds the room from the log with `rebuild`.
   */
  materialize(now: number): Y.Doc {
    this.lastUsed = now;
    let doc = this.doc;
    if (!doc) {
      doc = this.newDoc();
      const base = this.base;
      Y.transact(doc, () => {
        if (base) Y.applyUpdate(doc!, base);
        for (const u of this.tail) Y.applyUpdate(doc!, u);
      });
      this.doc = doc;
      this.base = null;
    } else if (this.tail.length > 0) {
      const tail = this.tail;
      Y.transact(doc, () => {
        for (const u of tail) Y.applyUpdate(doc!, u);
      });
    }
    this.tail = [];
    this.tailBytes = 0;
    this.syncClocks(doc);
    return doc;
  }

  /**
   * Last resort when `materialize` threw: build the doc update by update, skipping (and reporting)
   * any that Yjs refuses, so one bad log entry cannot keep a room from loading.
   */
  rebuild(now: number): { doc: Y.Doc; skipped: number } {
    this.doc?.destroy();
    const doc = this.newDoc();
    let skipped = 0;
    for (const u of this.base ? [this.base, ...this.tail] : this.tail) {
      try {
        Y.applyUpdate(doc, u);
      } catch {
        skipped++;
      }
    }
    this.doc = doc;
    this.base = null;
    this.tail = [];
    this.tailBytes = 0;
    this.lastUsed = now;
    this.syncClocks(doc);
    return { doc, skipped };
  }

  /**
   * A doc named by its id. Without a guid Yjs makes a random UUID, one `getRandomValues` call per
   * hex digit: 0.11 ms per doc, which a server waking 500 idle rooms at once paid for 110 ms.
   */
  private newDoc(): Y.Doc {
    return new Y.Doc({ guid: this.docId });
  }

  private syncClocks(doc: Y.Doc): void {
    // The doc holds only durable updates, so its state vector is an honest ack.
    this.clocks = Y.decodeStateVector(Y.encodeStateVector(doc));
    this.clocksExact = true;
    for (const [client, clock] of this.clocks)
      if (clock > (this.acceptedClocksMap.get(client) ?? 0)) this.acceptedClocksMap.set(client, clock);
  }

  /** The durable state as stored bytes, while the room is dehydrated (null once a doc holds it). */
  storedState(): { base: Uint8Array | null; tail: readonly Uint8Array[] } | null {
    return this.doc ? null : { base: this.base, tail: this.tail };
  }

  /** The durable state vector, if it is known without integrating. */
  durableClocks(): ReadonlyMap<number, number> | null {
    return this.clocksExact ? this.clocks : null;
  }

  /** Encodes the materialized doc and drops it; the room keeps only bytes until the doc is needed again. */
  dehydrate(): void {
    const doc = this.doc;
    if (!doc || this.tail.length > 0) return;
    this.base = Y.encodeStateAsUpdate(doc);
    this.doc = null;
    doc.destroy();
  }

  /**
   * Replaces the (fully integrated) state with its compaction and starts the next epoch. Ids and
   * clocks are unchanged, so the tracked clocks stay valid; the doc is rebuilt from the compacted
   * bytes when next needed, so the server integrates later writes exactly as its clients do.
   */
  compacted(state: Uint8Array): void {
    if (this.tail.length > 0) throw new Error("compacting a room with updates still to integrate");
    this.doc?.destroy();
    this.doc = null;
    this.base = state;
    this.epoch++;
  }

  /**
   * Runs `fn` once every update accepted *before this call* is durable. Waiting for "nothing
   * pending" instead could starve a reader while writers keep the queue busy.
   */
  whenDurable(fn: () => void): void {
    if (this.durable >= this.accepted) fn();
    else this.waiters.push({ target: this.accepted, fn });
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
    this.doc?.destroy();
    this.doc = null;
    this.base = null;
    this.tail = [];
  }
}
