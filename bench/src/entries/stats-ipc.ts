/**
 * The opt-in measurement hook for server processes under benchmark. It answers the orchestrator's
 * IPC requests for `process.memoryUsage()` (after a forced GC when `--expose-gc` is on) and exits
 * when the orchestrator goes away, so no server outlives a benchmark run. It adds no work to the
 * server between requests.
 */
import { join } from "node:path";
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
}

const collect = (): void => {
  const gc = (globalThis as { gc?: () => void }).gc;
  // Two passes: the first can only queue weak callbacks and finalizers that the second reclaims.
  gc?.();
  gc?.();
};

export const installStatsIpc = (): void => {
  if (!process.send) return;
  process.on("message", (msg: StatsRequest) => {
    if (msg?.type !== "stats") return;
    if (msg.gc) collect();
    // BENCH_HEAP_SNAPSHOT_DIR=<dir>: a heap snapshot at every settled sample, to see what a room holds.
    const snapshots = process.env["BENCH_HEAP_SNAPSHOT_DIR"];
    if (msg.gc && snapshots) writeHeapSnapshot(join(snapshots, `${process.pid}-${msg.id}.heapsnapshot`));
    const m = process.memoryUsage();
    const reply: StatsReply = {
      type: "stats",
      id: msg.id,
      rss: m.rss,
      heapUsed: m.heapUsed,
      heapTotal: m.heapTotal,
      external: m.external,
      arrayBuffers: m.arrayBuffers,
      spaces: Object.fromEntries(getHeapSpaceStatistics().map((s) => [s.space_name, s.physical_space_size])),
    };
    process.send?.(reply);
  });
  // The orchestrator owns this process: if it dies or disconnects, stop serving.
  process.on("disconnect", () => process.exit(0));
};
