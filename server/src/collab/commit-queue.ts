import type { DocLog, DocUpdate } from "../persistence/ports.ts";

export interface CommitItem {
  entry: DocUpdate;
}

export interface BatchHooks<T extends CommitItem> {
  /** Called once per batch after it is durable, with each item's seq, in append order. */
  afterWrite(items: readonly T[], seqs: readonly number[]): void;
  onFailure(items: readonly T[], error: unknown): void;
}

export interface CommitQueueOptions {
  /**
   * Minimum time between the starts of two commits. With synchronous=FULL every commit is an fsync
   * that costs tens of µs of kernel time however few rows it carries; spacing commits lets a busy
   * server put many rooms' updates into each one. An idle queue commits on the next turn.
   */
  minIntervalMs: number;
}

/**
 * Group commit: every update accepted since the last commit goes to storage in a single
 * transaction, so durability costs one commit per batch rather than one per keystroke. Only one
 * batch is in flight at a time, which keeps the log in the order updates were applied.
 */
export class CommitQueue<T extends CommitItem> {
  private pending: T[] = [];
  private scheduled = false;
  private inFlight: Promise<void> | null = null;
  private lastStart = -Infinity;

  constructor(
    private readonly log: DocLog,
    private readonly hooks: BatchHooks<T>,
    private readonly opts: CommitQueueOptions = { minIntervalMs: 0 },
  ) {}

  get size(): number {
    return this.pending.length;
  }

  enqueue(item: T): void {
    this.pending.push(item);
    this.schedule();
  }

  /** Resolves once everything enqueued so far is durable (or failed). */
  async drain(): Promise<void> {
    while (this.pending.length > 0 || this.inFlight || this.scheduled) {
      if (this.inFlight) await this.inFlight;
      else if (this.pending.length > 0) await this.flush();
      else await new Promise<void>((r) => setImmediate(r));
    }
  }

  private schedule(): void {
    if (this.scheduled || this.inFlight) return;
    this.scheduled = true;
    const run = () => {
      this.scheduled = false;
      void this.flush();
    };
    const wait = this.lastStart + this.opts.minIntervalMs - performance.now();
    if (wait >= 1) setTimeout(run, wait);
    else setImmediate(run);
  }

  private flush(): Promise<void> {
    if (this.inFlight) return this.inFlight;
    const items = this.pending;
    if (items.length === 0) return Promise.resolve();
    this.pending = [];
    this.lastStart = performance.now();
    const run = async () => {
      let seqs: number[];
      try {
        const entries = new Array<DocUpdate>(items.length);
        for (let i = 0; i < items.length; i++) entries[i] = items[i]!.entry;
        seqs = await this.log.append(entries);
      } catch (error) {
        this.hooks.onFailure(items, error);
        return;
      }
      this.hooks.afterWrite(items, seqs);
    };
    this.inFlight = run().finally(() => {
      this.inFlight = null;
      if (this.pending.length > 0) this.schedule();
    });
    return this.inFlight;
  }
}
