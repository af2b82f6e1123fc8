/**
 * The opt-in measurement hook for server processes under benchmark. It answers the orchestrator's
 * IPC requests for `process.memoryUsage()` (after a forced GC when `--expose-gc` is on) and exits
 * when the orchestrator goes away, so no server outlives a benchmark run. It adds no work to the
 * server between requests.
 */
import { join } from "node:path";
import { monitorEventLoopDelay, type IntervalHistogram } from "node:perf_hooks";
import { getHeapSpaceStatistics, writeHeapSnapshot } from "node:v8";

export interface StatsRequest {
  type: "stats";
  id: number;
  gc: boolean;
}
export interface StatsReply {
  type: "stats";
  id: number;
  rss: number;
  heapUsed: number;
  heapTotal: number;
  external: number;
  arrayBuffers: number;
  /** Bytes V8 has committed per heap space (new, old, code, large objects…): RSS the JS heap holds. */
  spaces: Record<string, number>;
  /** Bytes in use per heap space: tells compiled code (code spaces) from data. */
  spacesUsed: Record<string, number>;
}

/** Starts or stops timing this process's event loop; `stop` answers with what it saw. */
export interface LoopRequest {
  type: "loop";
  id: number;
  op: "start" | "stop";
}
export interface LoopReply {
  type: "loop";
  id: number;
  p50Ms: number;
  p99Ms: number;
  maxMs: number;
}

const collect = (): void => {
  const gc = (globalThis as { gc?: () => void }).gc;
  // Two passes: the first can only queue weak callbacks and finalizers that the second reclaims.
  gc?.();
  gc?.();
};

export const installStatsIpc = (): void => {
  if (!process.send) return;
  let loop: IntervalHistogram | null = null;
  process.on("message", (msg: StatsRequest | LoopRequest) => {
    if (msg?.type === "loop") {
      // How long the server's own loop stalls under load: the part of a latency percentile that
      // is the server's, beside the load generators' own loop delay.
      if (msg.op === "start") {
        loop = monitorEventLoopDelay({ resolution: 10 });
        loop.enable();
      }
      if (msg.op === "stop") loop?.disable();
      // Nanoseconds in the histogram; NaN if "stop" came without a "start".
      const ms = (read: (h: IntervalHistogram) => number) => (loop ? read(loop) / 1e6 : NaN);
      const reply: LoopReply = {
        type: "loop",
        id: msg.id,
        p50Ms: ms((h) => h.percentile(50)),
        p99Ms: ms((h) => h.percentile(99)),
        maxMs: ms((h) => h.max),
      };
      process.send?.(reply);
      return;
    }
    if (msg?.type !== "stats") return;
    if (msg.gc) collect();
    // BENCH_HEAP_SNAPSHOT_DIR=<dir>: a heap snapshot at every settled sample, to see what a room holds.
    const snapshots = process.env["BENCH_HEAP_SNAPSHOT_DIR"];
    if (msg.gc && snapshots) writeHeapSnapshot(join(snapshots, `${process.pid}-${msg.id}.heapsnapshot`));
    const m = process.memoryUsage();
    const spaces = getHeapSpaceStatistics();
    const reply: StatsReply = {
      type: "stats",
      id: msg.id,
      rss: m.rss,
      heapUsed: m.heapUsed,
      heapTotal: m.heapTotal,
      external: m.external,
      arrayBuffers: m.arrayBuffers,
      spaces: Object.fromEntries(spaces.map((s) => [s.space_name, s.physical_space_size])),
      spacesUsed: Object.fromEntries(spaces.map((s) => [s.space_name, s.space_used_size])),
    };
    process.send?.(reply);
  });
  // The orchestrator owns this process: if it dies or disconnects, stop serving.
  process.on("disconnect", () => process.exit(0));
};
