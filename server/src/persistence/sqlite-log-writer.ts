import { Worker } from "node:worker_threads";
import type { DocUpdate, Snapshot } from "./ports.ts";
import { DOC_LOG_INDEX_EVERY_ROWS, INDEX_TAIL_SQL, SQLITE_CACHE_KIB } from "./sqlite-log-db.ts";

type Reply = { id: number; seqs?: number[]; error?: string };

/**
 * Doc-log and snapshot writes on a worker thread with its own SQLite connection. better-sqlite3 is
 * synchronous, so on the main thread every group commit's fsync (synchronous = FULL) stalled every
 * room on the server for its duration; here the event loop keeps relaying while the disk works,
 * and the next batch accumulates meanwhile. Requests are answered in order; the promise of an
 * append resolves only once its transaction is committed, so DOC2 holds unchanged. Reads stay on
 * the main connection: WAL readers see every committed write and never wait for the writer.
 */
export class SqliteLogWriter {
  private readonly worker: Worker;
  private nextId = 1;
  private readonly waiting = new Map<number, { resolve: (r: Reply) => void; reject: (e: Error) => void }>();
  private failed: Error | null = null;

  /** `file`: the main database (snapshots); `logFile`: the doc-log database (sqlite-log-db.ts). */
  constructor(file: string, logFile: string, sync: "FULL" | "NORMAL") {
    this.worker = new Worker(new URL("./sqlite-log-worker.mjs", import.meta.url), {
      workerData: {
        file,
        logFile,
        sync,
        cacheKib: SQLITE_CACHE_KIB,
        indexTailSql: INDEX_TAIL_SQL,
        indexEveryRows: DOC_LOG_INDEX_EVERY_ROWS,
      },
    });
    // Like the main connection, an unclosed writer must not keep the process alive.
    this.worker.unref();
    this.worker.on("message", (r: Reply) => {
      const w = this.waiting.get(r.id);
      if (!w) return;
      this.waiting.delete(r.id);
      if (r.error) w.reject(new Error(r.error));
      else w.resolve(r);
    });
    const fail = (e: Error) => {
      this.failed = e;
      for (const w of this.waiting.values()) w.reject(e);
      this.waiting.clear();
    };
    this.worker.on("error", fail);
    this.worker.on("exit", (code) => fail(new Error(`doc log writer exited (${code})`)));
  }

  private request(msg: Record<string, unknown>, transfer: ArrayBuffer[] = []): Promise<Reply> {
    if (this.failed) return Promise.reject(this.failed);
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      this.waiting.set(id, { resolve, reject });
      this.worker.postMessage({ ...msg, id }, transfer);
    });
  }

  async append(entries: readonly DocUpdate[]): Promise<number[]> {
    if (entries.length === 0) return [];
    // One packed buffer per batch, transferred rather than cloned: per-entry objects and buffers
    // cost the main thread a structured clone and an allocation each, at every edit.
    let total = 0;
    for (const e of entries) total += e.update.byteLength;
    const bytes = new Uint8Array(total);
    const ends = new Uint32Array(entries.length);
    const ts = new Float64Array(entries.length);
    const docIds = new Array<string>(entries.length);
    const authorIds = new Array<string>(entries.length);
    let at = 0;
    for (let i = 0; i < entries.length; i++) {
      const e = entries[i]!;
      bytes.set(e.update, at);
      at += e.update.byteLength;
      ends[i] = at;
      ts[i] = e.ts;
      docIds[i] = e.docId;
      authorIds[i] = e.authorId;
    }
    const r = await this.request({ op: "append", bytes, ends, ts, docIds, authorIds }, [
      bytes.buffer,
      ends.buffer,
      ts.buffer,
    ]);
    return r.seqs ?? [];
  }

  async putSnapshot(snapshot: Snapshot): Promise<void> {
    const state = snapshot.state.slice();
    const stateVector = snapshot.stateVector?.slice() ?? null;
    await this.request({ op: "snapshot", snapshot: { ...snapshot, state, stateVector } }, [
      state.buffer,
      ...(stateVector ? [stateVector.buffer] : []),
    ]);
  }

  async close(): Promise<void> {
    if (this.failed) return;
    const exited = new Promise<void>((r) => this.worker.once("exit", () => r()));
    await this.request({ op: "close" });
    await exited;
  }
}
