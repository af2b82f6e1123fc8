import type { DocLog, DocUpdate } from "../persistence/ports.ts";

export interface CommitItem {
  entry: DocUpdate;
  /** Runs after the entry is durable, in append order; receives its seq. */
  onCommitted(seq: number): void;
}

export interface BatchHooks {
  /** Called when a batch is cut, before the write, e.g. to capture the state vectors being made durable. */
  beforeWrite(items: readonly CommitItem[]): void;
  /** Called once per batch after every item's onCommitted. */
  afterWrite(items: readonly CommitItem[]): void;
  onFailure(items: readonly CommitItem[], error: unknown): void;
}

/**
 * Group commit: every update accepted in one turn of the event loop goes to storage in a single
 * transaction, so durability costs one commit per batch rather than one per keystroke. Only one
 * batch is in flight at a time, which keeps the log in the order updates were applied.
 */
export class CommitQueue {
  private pending: CommitItem[] = [];
  private scheduled = false;
  private inFlight: Promise<void> | null = null;

  constructor(
    private readonly log: DocLog,
    private readonly hooks: BatchHooks,
  ) {}

  get size(): number {
    return this.pending.length;
  }

  enqueue(item: CommitItem): void {
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
    setImmediate(() => {
      this.scheduled = false;
      void this.flush();
    });
  }

  private flush(): Promise<void> {
    if (this.inFlight) return this.inFlight;
    const items = this.pending;
    if (items.length === 0) return Promise.resolve();
    this.pending = [];
    const run = async () => {
      this.hooks.beforeWrite(items);
      let seqs: number[];
      try {
        seqs = await this.log.append(items.map((i) => i.entry));
      } catch (error) {
        this.hooks.onFailure(items, error);
        return;
      }
      items.forEach((item, i) => item.onCommitted(seqs[i]!));
      this.hooks.afterWrite(items);
    };
    this.inFlight = run().finally(() => {
      this.inFlight = null;
      if (this.pending.length > 0) this.schedule();
    });
    return this.inFlight;
  }
}
