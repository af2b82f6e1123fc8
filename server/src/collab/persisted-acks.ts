import type { CollabConn } from "./types.ts";

/**
 * Persisted acks are coalesced per author: one goes out once the author has had nothing made
 * durable for `ACK_QUIET_MS` (they paused), and at the latest `ACK_MAX_DELAY_MS` after the first
 * update it covers. Acks only drive the "Saved" indicator, which people read when they stop
 * typing; one per keystroke cost a send syscall per edit (the reference echoes every update to
 * its author), so a steady typist now costs about one ack a second (DOC2).
 */
export const ACK_QUIET_MS = 200;
export const ACK_MAX_DELAY_MS = 1_000;
const ACK_TICK_MS = 50;

interface Due<R> {
  room: R;
  /** When the first update this ack will cover became durable, and the newest one (monotonic ms). */
  first: number;
  last: number;
}

/**
 * Who is owed an ack, and when. One timer for the whole server, running only while someone is
 * owed one. `encode` builds a room's ack (its durable state vector) once per flush, shared by
 * every author of that room; null means "nothing honest to say yet".
 */
export class PersistedAcks<R> {
  private readonly due = new Map<CollabConn, Due<R>>();
  private timer: NodeJS.Timeout | null = null;

  constructor(
    private readonly encode: (room: R) => Uint8Array | null,
    private readonly isLive: (room: R, conn: CollabConn) => boolean,
    private readonly opts: { quietMs?: number; maxDelayMs?: number } = {},
  ) {}

  /** `conn`'s update in `room` just became durable. */
  owe(conn: CollabConn, room: R, now: number): void {
    const d = this.due.get(conn);
    if (d && d.room === room) d.last = now;
    else this.due.set(conn, { room, first: now, last: now });
  }

  /** Arms the timer after a batch of `owe` calls. */
  schedule(): void {
    if (this.timer || this.due.size === 0) return;
    this.timer = setInterval(() => this.flush(false), ACK_TICK_MS);
    this.timer.unref?.();
  }

  forget(conn: CollabConn): void {
    this.due.delete(conn);
  }

  /** Sends the acks that are due, or every owed one (`all`, e.g. on shutdown). */
  flush(all: boolean): void {
    const now = performance.now();
    const quiet = this.opts.quietMs ?? ACK_QUIET_MS;
    const maxDelay = this.opts.maxDelayMs ?? ACK_MAX_DELAY_MS;
    const encoded = new Map<R, Uint8Array | null>();
    for (const [conn, d] of this.due) {
      if (!all && now - d.last < quiet && now - d.first < maxDelay) continue;
      this.due.delete(conn);
      if (!this.isLive(d.room, conn)) continue;
      let ack = encoded.get(d.room);
      if (ack === undefined) encoded.set(d.room, (ack = this.encode(d.room)));
      if (ack) conn.send(ack);
    }
    if (this.due.size === 0 && this.timer) {
      clearInterval(this.timer);
      this.timer = null;
    }
  }

  close(): void {
    this.flush(true);
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
  }
}
