import { spawn } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { cpuByThread, freePort, sleep } from "./proc.ts";
import { LoadgenGroup, type MergedStorm } from "./loadgen/group.ts";
import { startMockroom, startReference, startRelay, type MemorySample, type ServerHandle } from "./servers.ts";
import type { Summary } from "./stats.ts";

/** Which server, and for Mockroom which storage: durable SQLite (FULL sync) or persistence off. */
export type Variant = "reference" | "relay" | "mockroom" | "mockroom-memory";

export interface LoadOptions {
  rooms: number;
  durationMs: number;
  intervalMs: number;
  drainMs: number;
  /** Idle time before the idle memory sample, to let joins settle. */
  settleMs: number;
  /** Mockroom only: create, join and leave R more rooms twice after the load, to see what rooms retain. */
  retentionCheck?: boolean;
}

export interface MemoryFigures {
  baseline: MemorySample;
  /** Idle with the first half of the rooms connected. */
  idleHalf: MemorySample;
  idle: MemorySample;
  /** Sampled right after the load, without a forced GC: what the process holds under load. */
  active: MemorySample;
  /** The same moment after a forced GC: live data only. */
  activeLive: MemorySample;
  /** After every client left and the server had time to unload (Mockroom: MEM1). */
  afterClose: MemorySample;
  /** After R more rooms were created, joined and left (`retentionCheck`), and after R more again. */
  afterWarmCycle: MemorySample | null;
  afterLaterCycle: MemorySample | null;
  /** The most docs still loaded after any of the cycles. */
  loadedDocsAfterClose: number;
}

export interface SyncPoint {
  variant: Variant;
  rooms: number;
  repeat: number;
  sent: number;
  delivered: number;
  share: number;
  deliveredPerS: number;
  latencyMs: Summary;
  serverCpuUsPerEdit: number;
  /** The kernel's part of that: socket syscalls, loopback TCP, fsync. */
  serverSysUsPerEdit: number;
  /** From the start of the load until every client left and (Mockroom) every doc was snapshotted and unloaded. */
  serverCpuAllInUsPerEdit: number;
  /** Server CPU while R rooms sit idle, in % of one core. */
  idleCpuPct: number;
  loadgenCpuUsPerEdit: number;
  loadgenLoopDelayP99Ms: number;
  /** The server's own event-loop delay during the load: the part of a latency tail that is the server's. */
  serverLoopDelayP99Ms: number;
  errors: number;
  httpSetupMs: number;
  connectMs: number;
  memory: MemoryFigures;
  perRoom: {
    idleRss: number;
    idleHeap: number;
    /** Growth from R/2 to R idle rooms, per room: one more room's cost, without the process's warm-up. */
    marginalIdleRss: number;
    marginalIdleHeap: number;
    activeRss: number;
    activeHeap: number;
    /** Heap still held per room after all rooms were left (warm-up included); Mockroom should retain nothing (MEM1). */
    retainedHeapAfterClose: number;
    /**
     * Heap growth per room over a last create–join–leave cycle of new rooms, compiled code left out:
     * rooms' own retention, without warm-up.
     */
    retainedHeapLaterCycle: number | null;
  };
}

const STEP_TIMEOUT_MS = 180_000;

const startVariant = async (variant: Variant, port: number, dataDir: string): Promise<ServerHandle> =>
  variant === "reference"
    ? startReference(port)
    : variant === "relay"
      ? startRelay(port)
      : startMockroom({ port, dataDir, storage: variant === "mockroom" ? "sqlite" : "memory", sync: "FULL" });

const newDataDir = () => mkdtempSync(join(tmpdir(), "mockroom-bench-"));

/**
 * MEM1 without warm-up: R *new* rooms are created, joined and left, twice. The load's own cycle
 * mixes rooms with the process's warm-up, and so does the next one (a durable server restarted
 * after setup serves its first HTTP requests there: the body parser loads its codecs, zod compiles
 * its parsers). The later cycle pays none of that, so what it leaves behind is what rooms retain.
 * New ids each time, so a leak keyed by room id would show too.
 */
const laterCycles = async (
  loadgen: LoadgenGroup,
  kind: "mockroom" | "reference",
  url: string,
  rooms: number,
  unloaded: () => Promise<number>,
  memory: () => Promise<MemorySample>,
): Promise<{ afterWarm: MemorySample; afterLater: MemorySample; loadedDocs: number }> => {
  const cycle = async () => {
    await loadgen.create(kind, url, rooms, STEP_TIMEOUT_MS);
    await loadgen.connect(undefined, STEP_TIMEOUT_MS);
    await loadgen.close(STEP_TIMEOUT_MS);
    return { loadedDocs: await unloaded(), memory: await memory() };
  };
  const warm = await cycle();
  const later = await cycle();
  return { afterWarm: warm.memory, afterLater: later.memory, loadedDocs: Math.max(warm.loadedDocs, later.loadedDocs) };
};

/** One measured point: a fresh server and fresh load generators, R rooms × 2 clients. */
export const runSyncPoint = async (variant: Variant, opts: LoadOptions, repeat: number): Promise<SyncPoint> => {
  const port = await freePort();
  const dataDir = newDataDir();
  let server = await startVariant(variant, port, dataDir);
  const loadgen = await LoadgenGroup.spawn();
  try {
    const kind = variant === "reference" || variant === "relay" ? "reference" : "mockroom";
    const created = await loadgen.create(kind, server.url, opts.rooms, STEP_TIMEOUT_MS);
    if (variant === "mockroom") {
      // A clean baseline: rooms and participants are in SQLite; a fresh process has loaded no doc
      // and holds no garbage from the 3R HTTP requests of the setup. (Persistence off cannot restart.)
      await server.stop();
      server = await startVariant(variant, port, dataDir);
    }
    // Settled like the idle samples, so the start-up's young generation is not counted either.
    await sleep(opts.settleMs);
    const baseline = await server.memory();
    // Two steps: the first half of the rooms also pays the process's warm-up (JIT code, heap and
    // SQLite cache growth), so the second half's growth is the marginal cost of one more room.
    const readyHalf = await loadgen.connect(0.5, STEP_TIMEOUT_MS);
    const half = readyHalf.clients / 2;
    await sleep(opts.settleMs);
    const idleHalf = await server.memory();
    const readyRest = await loadgen.connect(undefined, STEP_TIMEOUT_MS);
    const ready = { ...readyRest, connectMs: readyHalf.connectMs + readyRest.connectMs };
    await sleep(opts.settleMs);
    const idle = await server.memory();
    // After the sample: its forced GC is not idle work.
    const idleCpu0 = server.cpuMicros();
    const idleT0 = performance.now();
    await sleep(2_000);
    const idleCpuPct = ((server.cpuMicros() - idleCpu0) / ((performance.now() - idleT0) * 1000)) * 100;

    const cpu0 = server.cpuMicros();
    const sys0 = server.cpuSplitMicros().system;
    const lg0 = loadgen.cpuMicros();
    await server.loopDelay("start");
    const threads0 = cpuByThread(server.pid);
    const running = loadgen.run(
      opts.durationMs,
      opts.intervalMs,
      opts.drainMs,
      opts.durationMs + opts.drainMs + STEP_TIMEOUT_MS,
    );
    // BENCH_STRACE_DIR=<dir>: count the server's syscalls for 4 s of the load (needs strace).
    const straceDir = process.env["BENCH_STRACE_DIR"];
    if (straceDir) {
      const st = spawn("strace", [
        "-c",
        "-f",
        "-p",
        String(server.pid),
        "-o",
        join(straceDir, `${variant}-${opts.rooms}.txt`),
      ]);
      setTimeout(() => st.kill("SIGINT"), 4_000);
    }
    const ran = await running;
    const serverLoop = await server.loopDelay("stop");
    const cpu1 = server.cpuMicros();
    const sys1 = server.cpuSplitMicros().system;
    const lg1 = loadgen.cpuMicros();
    // BENCH_THREADS=1: where the server's CPU per edit went, thread by thread (the main thread is
    // the one whose id is the pid; V8's GC helpers and the SQLite writer are the others).
    if (process.env["BENCH_THREADS"]) {
      const threads1 = cpuByThread(server.pid);
      const rows = [...threads1]
        .map(([tid, us]) => [tid, (us - (threads0.get(tid) ?? 0)) / ran.delivered] as const)
        .filter(([, us]) => us >= 0.5)
        .map(([tid, us]) => `${tid === server.pid ? "main" : tid} ${us.toFixed(1)}`);
      process.stderr.write(`bench:   ${variant} µs/edit by thread: ${rows.join(", ")}\n`);
    }
    const active = await server.memory(false);
    const activeLive = await server.memory(true);

    await loadgen.close(STEP_TIMEOUT_MS);
    const unloaded = async (): Promise<number> => {
      let n = await server.loadedDocs();
      if (variant === "reference") {
        await sleep(1_500);
        return n;
      }
      // MEM1: every doc unloads after the grace period (1 s here), snapshotted first.
      const until = Date.now() + 30_000;
      while (n > 0 && Date.now() < until) {
        await sleep(250);
        n = await server.loadedDocs();
      }
      return n;
    };
    let loadedDocs = await unloaded();
    // Everything the load cost, including work deferred past it: Mockroom integrates updates in
    // batches and snapshots each doc as it unloads; the reference pays its closes here too.
    const cpuAllIn = server.cpuMicros() - cpu0;
    const afterClose = await server.memory();
    const retention =
      opts.retentionCheck && variant === "mockroom"
        ? await laterCycles(loadgen, kind, server.url, opts.rooms, unloaded, () => server.memory())
        : null;
    if (retention) loadedDocs = Math.max(loadedDocs, retention.loadedDocs);

    const per = (a: number, b: number) => (a - b) / opts.rooms;
    return {
      variant,
      rooms: opts.rooms,
      repeat,
      sent: ran.sent,
      delivered: ran.delivered,
      share: ran.sent ? ran.delivered / ran.sent : NaN,
      deliveredPerS: ran.delivered / (ran.writeMs / 1000),
      latencyMs: ran.latencyMs,
      serverCpuUsPerEdit: (cpu1 - cpu0) / ran.delivered,
      serverSysUsPerEdit: (sys1 - sys0) / ran.delivered,
      serverCpuAllInUsPerEdit: cpuAllIn / ran.delivered,
      idleCpuPct,
      loadgenCpuUsPerEdit: (lg1 - lg0) / ran.delivered,
      loadgenLoopDelayP99Ms: ran.loopDelayP99Ms,
      serverLoopDelayP99Ms: serverLoop.p99Ms,
      errors: ran.errors,
      httpSetupMs: created.httpMs,
      connectMs: ready.connectMs,
      memory: {
        baseline,
        idleHalf,
        idle,
        active,
        activeLive,
        afterClose,
        afterWarmCycle: retention?.afterWarm ?? null,
        afterLaterCycle: retention?.afterLater ?? null,
        loadedDocsAfterClose: loadedDocs,
      },
      perRoom: {
        idleRss: per(idle.rss, baseline.rss),
        idleHeap: per(idle.heapUsed, baseline.heapUsed),
        marginalIdleRss: (idle.rss - idleHalf.rss) / (opts.rooms - half),
        marginalIdleHeap: (idle.heapUsed - idleHalf.heapUsed) / (opts.rooms - half),
        activeRss: per(active.rss, baseline.rss),
        activeHeap: per(activeLive.heapUsed, baseline.heapUsed),
        retainedHeapAfterClose: per(afterClose.heapUsed, baseline.heapUsed),
        // JIT code is left out: it is the process warming up, not anything a room keeps.
        retainedHeapLaterCycle: retention
          ? per(
              retention.afterLater.heapUsed - retention.afterLater.heapCode,
              retention.afterWarm.heapUsed - retention.afterWarm.heapCode,
            )
          : null,
      },
    };
  } finally {
    await loadgen.exit();
    await server.stop();
    rmSync(dataDir, { recursive: true, force: true });
  }
};

export interface StormResult extends Omit<MergedStorm, "type"> {
  variant: Variant;
  rooms: number;
  /** From SIGKILL until the new process was listening. */
  restartMs: number;
  /** From SIGKILL until every client was synced again. */
  fromKillMs: number;
}

/**
 * Join storm: R rooms with two clients each write for a while; the server is SIGKILLed mid-write
 * and restarted on the same port and data dir; every client reconnects on its own (real backoff).
 */
export const runStorm = async (variant: Variant, rooms: number, writeMs: number): Promise<StormResult> => {
  const port = await freePort();
  const dataDir = newDataDir();
  let server = await startVariant(variant, port, dataDir);
  const loadgen = await LoadgenGroup.spawn();
  try {
    const kind = variant === "reference" || variant === "relay" ? "reference" : "mockroom";
    await loadgen.create(kind, server.url, rooms, STEP_TIMEOUT_MS);
    await loadgen.connect(undefined, STEP_TIMEOUT_MS);
    // Keep writing through the kill: the run resolves after writeMs, we kill before that.
    const ran = loadgen.run(writeMs, 100, 0, STEP_TIMEOUT_MS);
    // Awaited below; a failure meanwhile must not surface as an unhandled rejection first.
    ran.catch(() => undefined);
    await sleep(writeMs * 0.8);
    const killedAt = performance.now();
    await server.kill9();
    await Promise.all([loadgen.stormKill(STEP_TIMEOUT_MS), ran]);
    server = await startVariant(variant, port, dataDir);
    const restartMs = performance.now() - killedAt;
    const storm = await loadgen.stormRestarted(120_000, 300_000);
    const { type: _type, ...rest } = storm;
    return { variant, rooms, restartMs, fromKillMs: restartMs + storm.allSyncedMs, ...rest };
  } finally {
    await loadgen.exit();
    await server.stop();
    rmSync(dataDir, { recursive: true, force: true });
  }
};
