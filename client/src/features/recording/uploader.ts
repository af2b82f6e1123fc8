import { AUTH_HEADER, ErrorBody, TRACK_START_HEADER, bearer } from "@mockroom/shared";
import { Store } from "../../realtime/index.ts";

export interface PendingChunk {
  round: number;
  trackId: string;
  seq: number;
  /** Server ms of the track's first sample. */
  startedAt: number;
  data: Blob;
}

export interface UploaderOptions {
  roomId: string;
  token: string;
  fetch?: typeof fetch;
  /** Injected for tests; the page uses setTimeout. */
  wait?: (ms: number) => Promise<void>;
  onRefused?: (code: string, chunk: PendingChunk) => void;
}

const RETRY_MIN_MS = 500;
const RETRY_MAX_MS = 10_000;
/** Browsers cap the bodies of keepalive requests (64 KB in total) sent while a page unloads. */
const KEEPALIVE_BUDGET_BYTES = 60_000;

/**
 * Uploads recorded chunks in order, one at a time, and never gives up on a chunk because of the
 * network: a failed request waits (backing off) and retries, and `online` retries at once. So a
 * dropped connection loses nothing; only what the recorder had not yet cut is lost when a tab
 * closes. The server's duplicate_chunk (a retry of a chunk it already stored) counts as success;
 * any other refusal drops the chunk and is reported (it would be refused again).
 */
export class ChunkUploader {
  readonly pending = new Store<number>(0);
  private readonly queue: PendingChunk[] = [];
  private running = false;
  private wake: (() => void) | null = null;
  private destroyed = false;
  private readonly fetch: typeof fetch;
  private readonly wait: (ms: number) => Promise<void>;

  constructor(private readonly opts: UploaderOptions) {
    this.fetch = opts.fetch ?? ((...a) => fetch(...a));
    this.wait = opts.wait ?? ((ms) => new Promise((r) => setTimeout(r, ms)));
  }

  enqueue(chunk: PendingChunk): void {
    this.queue.push(chunk);
    this.pending.set(this.queue.length);
    void this.pump();
  }

  /** Retry now (the browser came back online). */
  nudge(): void {
    this.wake?.();
  }

  private url(c: PendingChunk): string {
    return `/api/rooms/${encodeURIComponent(this.opts.roomId)}/rounds/${c.round}/tracks/${c.trackId}/chunks/${c.seq}`;
  }

  private headers(c: PendingChunk): Record<string, string> {
    return {
      [AUTH_HEADER]: bearer(this.opts.token),
      "content-type": c.data.type || "audio/webm",
      [TRACK_START_HEADER]: String(Math.round(c.startedAt)),
    };
  }

  private async pump(): Promise<void> {
    if (this.running) return;
    this.running = true;
    let backoff = RETRY_MIN_MS;
    try {
      while (this.queue.length > 0 && !this.destroyed) {
        const c = this.queue[0]!;
        const outcome = await this.send(c);
        if (outcome === "retry") {
          await Promise.race([this.wait(backoff), new Promise<void>((r) => (this.wake = r))]);
          this.wake = null;
          backoff = Math.min(RETRY_MAX_MS, backoff * 2);
          continue;
        }
        backoff = RETRY_MIN_MS;
        this.queue.shift();
        this.pending.set(this.queue.length);
      }
    } finally {
      this.running = false;
    }
  }

  private async send(c: PendingChunk): Promise<"done" | "retry"> {
    let res: Response;
    try {
      res = await this.fetch(this.url(c), { method: "PUT", headers: this.headers(c), body: c.data });
    } catch {
      return "retry";
    }
    if (res.ok) return "done";
    const body = ErrorBody.safeParse(await res.json().catch(() => null));
    const code = body.success ? body.data.error.code : `http_${res.status}`;
    if (code === "duplicate_chunk") return "done";
    if (res.status >= 500 || res.status === 429 || res.status === 408) return "retry";
    this.opts.onRefused?.(code, c);
    return "done";
  }

  /** On page hide: hand what is still queued to keepalive requests, which outlive the page. */
  flushOnUnload(): void {
    let budget = KEEPALIVE_BUDGET_BYTES;
    for (const c of this.queue) {
      if (c.data.size > budget) break;
      budget -= c.data.size;
      void this.fetch(this.url(c), { method: "PUT", headers: this.headers(c), body: c.data, keepalive: true }).catch(
        () => undefined,
      );
    }
  }

  destroy(): void {
    this.destroyed = true;
    this.wake?.();
  }
}
