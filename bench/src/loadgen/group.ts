import { fork, type ChildProcess } from "node:child_process";
import { resolve } from "node:path";
import { cpuMicros, ipcNext, waitExit } from "../proc.ts";
import { REPO } from "../servers.ts";
import { summarize } from "../stats.ts";
import type { CreatedReport, LoadgenCommand, RanReport, ReadyReport, StormReport } from "./protocol.ts";

const LOADGEN = resolve(REPO, "bench/src/loadgen/main.ts");

/**
 * Load-generator processes per measured point. One process drove all 1,000 clients of R = 500 at
 * ~0.9 of a core, and its own event-loop delay (p99 29–47 ms) was the floor of both servers' p99:
 * the latency goal compared the load generator with itself. Two processes each carry half the
 * rooms (a room's writer and reader stay together, so one clock still times both ends).
 */
export const LOADGEN_PROCESSES = 2;

/** Reports merged over the processes: the raw samples are summarised, not passed on. */
export type MergedRan = Omit<RanReport, "latencySamples">;
export type MergedStorm = Omit<StormReport, "syncSamples">;

/** Several load generators driven as one: commands fan out, reports are merged. */
export class LoadgenGroup {
  private shares: number[] = [];

  private constructor(private readonly children: ChildProcess[]) {}

  static async spawn(n = LOADGEN_PROCESSES): Promise<LoadgenGroup> {
    const children = Array.from({ length: n }, () =>
      fork(LOADGEN, [], {
        cwd: resolve(REPO, "bench"),
        execArgv: [
          "--import",
          "tsx",
          // BENCH_LOADGEN_CPU_PROF=<dir>: V8 CPU profile of each load generator (what its clients cost).
          ...(process.env["BENCH_LOADGEN_CPU_PROF"]
            ? ["--cpu-prof", `--cpu-prof-dir=${process.env["BENCH_LOADGEN_CPU_PROF"]}`]
            : []),
        ],
        stdio: ["ignore", "inherit", "inherit", "ipc"],
      }),
    );
    await Promise.all(children.map((c) => ipcNext(c, "started", 30_000)));
    return new LoadgenGroup(children);
  }

  get pids(): number[] {
    return this.children.map((c) => c.pid!);
  }

  /** CPU of every load-generator process, µs. */
  cpuMicros(): number {
    return this.pids.reduce((n, pid) => n + cpuMicros(pid), 0);
  }

  private async all<T>(cmd: (i: number) => LoadgenCommand | null, reply: string, timeoutMs: number): Promise<T[]> {
    const out: Promise<T>[] = [];
    this.children.forEach((c, i) => {
      const m = cmd(i);
      if (!m) return;
      const next = ipcNext<T>(c, reply, timeoutMs);
      c.send(m);
      out.push(next);
    });
    return Promise.all(out);
  }

  /** Rooms split as evenly as the count allows; room names stay unique across processes. */
  async create(kind: "mockroom" | "reference", url: string, rooms: number, timeoutMs: number): Promise<CreatedReport> {
    const n = this.children.length;
    this.shares = Array.from({ length: n }, (_, i) => Math.floor(rooms / n) + (i < rooms % n ? 1 : 0));
    let offset = 0;
    const offsets = this.shares.map((s) => (offset += s) - s);
    const reports = await this.all<CreatedReport>(
      (i) => (this.shares[i]! > 0 ? { type: "create", kind, url, rooms: this.shares[i]!, offset: offsets[i]! } : null),
      "created",
      timeoutMs,
    );
    return { type: "created", httpMs: Math.max(...reports.map((r) => r.httpMs)) };
  }

  /** Connects up to `fraction` of each process's rooms (default: all). */
  async connect(fraction: number | undefined, timeoutMs: number): Promise<ReadyReport> {
    const reports = await this.all<ReadyReport>(
      (i) =>
        this.shares[i]! > 0
          ? { type: "connect", upTo: fraction === undefined ? undefined : Math.floor(this.shares[i]! * fraction) }
          : null,
      "ready",
      timeoutMs,
    );
    return {
      type: "ready",
      connectMs: Math.max(...reports.map((r) => r.connectMs)),
      clients: reports.reduce((n, r) => n + r.clients, 0),
    };
  }

  /** Starts the load everywhere at once; resolves with every process's report merged. */
  async run(durationMs: number, intervalMs: number, drainMs: number, timeoutMs: number): Promise<MergedRan> {
    const reports = await this.all<RanReport>(
      (i) => (this.shares[i]! > 0 ? { type: "run", durationMs, intervalMs, drainMs } : null),
      "ran",
      timeoutMs,
    );
    const samples = reports.flatMap((r) => r.latencySamples);
    return {
      type: "ran",
      sent: reports.reduce((n, r) => n + r.sent, 0),
      delivered: reports.reduce((n, r) => n + r.delivered, 0),
      writeMs: Math.max(...reports.map((r) => r.writeMs)),
      drainMs: Math.max(...reports.map((r) => r.drainMs)),
      latencyMs: summarize(samples),
      loopDelayP99Ms: Math.max(...reports.map((r) => r.loopDelayP99Ms)),
      errors: reports.reduce((n, r) => n + r.errors, 0),
    };
  }

  /** The server was SIGKILLed: every writer stops and arms its step-1 capture. */
  async stormKill(timeoutMs: number): Promise<void> {
    await this.all((i) => (this.shares[i]! > 0 ? { type: "storm-kill" } : null), "storm-killed", timeoutMs);
  }

  async stormRestarted(waitMs: number, timeoutMs: number): Promise<MergedStorm> {
    const reports = await this.all<StormReport>(
      (i) => (this.shares[i]! > 0 ? { type: "storm-restarted", timeoutMs: waitMs } : null),
      "storm",
      timeoutMs,
    );
    const sum = (pick: (r: StormReport) => number) => reports.reduce((n, r) => n + pick(r), 0);
    return {
      type: "storm",
      clients: sum((r) => r.clients),
      syncedClients: sum((r) => r.syncedClients),
      // NaN (someone never synced) stays NaN through max.
      allSyncedMs: reports.some((r) => Number.isNaN(r.allSyncedMs))
        ? NaN
        : Math.max(...reports.map((r) => r.allSyncedMs)),
      syncMs: summarize(reports.flatMap((r) => r.syncSamples)),
      checkedRooms: sum((r) => r.checkedRooms),
      ackedEdits: sum((r) => r.ackedEdits),
      lostAcked: sum((r) => r.lostAcked),
      convergedAfterMs: reports.some((r) => Number.isNaN(r.convergedAfterMs))
        ? NaN
        : Math.max(...reports.map((r) => r.convergedAfterMs)),
      unconverged: sum((r) => r.unconverged),
    };
  }

  async close(timeoutMs: number): Promise<void> {
    await this.all(() => ({ type: "close" }), "closed", timeoutMs);
  }

  async exit(): Promise<void> {
    for (const c of this.children) c.send({ type: "exit" } satisfies LoadgenCommand);
    await Promise.all(this.children.map((c) => waitExit(c, 10_000)));
  }
}
