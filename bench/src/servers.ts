import { spawn, type ChildProcess } from "node:child_process";
import { dirname, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { cpuMicros, cpuSplitMicros, ipcRequest, rssBytes, waitExit, waitForOutput } from "./proc.ts";
import type { LoopReply, StatsReply } from "./entries/stats-ipc.ts";

const here = dirname(fileURLToPath(import.meta.url));
export const REPO = resolve(here, "../..");

export type ServerKind = "mockroom" | "reference" | "relay";

export interface MemorySample {
  /** From /proc/<pid>/status. */
  rss: number;
  peakRss: number;
  /** The parts of `rss`: anonymous (the process's own), file-backed and shared mappings. */
  rssAnon: number;
  rssFile: number;
  rssShmem: number;
  heapUsed: number;
  /** V8's committed heap (all spaces), and the new space's part of it (see stats-ipc.ts). */
  heapCommitted: number;
  newSpace: number;
  /** The part of `heapUsed` that is compiled code: the JIT's warm-up, not data anyone keeps. */
  heapCode: number;
  external: number;
}

/** A server under benchmark, running in its own process. */
export interface ServerHandle {
  kind: ServerKind;
  url: string;
  pid: number;
  child: ChildProcess;
  cpuMicros(): number;
  cpuSplitMicros(): { user: number; system: number };
  /** Memory after a forced full GC (so heap figures are live data, not garbage). */
  memory(gc?: boolean): Promise<MemorySample>;
  loadedDocs(): Promise<number>;
  /** Starts timing the server's event loop, or stops and returns what it saw (ms). */
  loopDelay(op: "start" | "stop"): Promise<{ p50Ms: number; p99Ms: number; maxMs: number }>;
  stop(): Promise<void>;
  kill9(): Promise<void>;
}

export interface MockroomOptions {
  port: number;
  dataDir: string;
  storage: "sqlite" | "memory";
  sync?: "FULL" | "NORMAL";
  unloadGraceMs?: number;
}

const START_TIMEOUT_MS = 30_000;

const handle = (kind: ServerKind, child: ChildProcess, url: string): ServerHandle => {
  const pid = child.pid!;
  return {
    kind,
    url,
    pid,
    child,
    cpuMicros: () => cpuMicros(pid),
    cpuSplitMicros: () => cpuSplitMicros(pid),
    async memory(gc = true) {
      const m = await ipcRequest<StatsReply & { id: number }>(child, { type: "stats", gc }, "stats", 20_000);
      const r = rssBytes(pid);
      return {
        rss: r.rss,
        peakRss: r.peak,
        rssAnon: r.anon,
        rssFile: r.file,
        rssShmem: r.shmem,
        heapUsed: m.heapUsed,
        heapCommitted: Object.values(m.spaces).reduce((a, b) => a + b, 0),
        newSpace: m.spaces["new_space"] ?? 0,
        heapCode: (m.spacesUsed["code_space"] ?? 0) + (m.spacesUsed["code_large_object_space"] ?? 0),
        external: m.external,
      };
    },
    async loopDelay(op) {
      const r = await ipcRequest<LoopReply>(child, { type: "loop", op }, "loop", 20_000);
      return { p50Ms: r.p50Ms, p99Ms: r.p99Ms, maxMs: r.maxMs };
    },
    async loadedDocs() {
      const res = await fetch(`${url}/healthz`);
      const body = (await res.json()) as { loadedDocs: number };
      return body.loadedDocs;
    },
    async stop() {
      if (child.exitCode !== null || child.signalCode !== null) return;
      child.kill("SIGTERM");
      await waitExit(child, 20_000);
    },
    async kill9() {
      if (child.exitCode !== null || child.signalCode !== null) return;
      child.kill("SIGKILL");
      await waitExit(child, 5_000);
    },
  };
};

/** Node flags for servers: expose GC for the stats hook; nothing that changes how the server runs. */
const NODE_FLAGS = [
  "--expose-gc",
  "--import",
  "tsx",
  // BENCH_CPU_PROF=<dir> writes a V8 CPU profile of every server process, for finding hot spots.
  ...(process.env["BENCH_CPU_PROF"] ? ["--cpu-prof", `--cpu-prof-dir=${process.env["BENCH_CPU_PROF"]}`] : []),
];

export const startMockroom = async (o: MockroomOptions): Promise<ServerHandle> => {
  const extra = (process.env["BENCH_MOCKROOM_FLAGS"] ?? "").split(" ").filter(Boolean);
  const child = spawn(process.execPath, [...NODE_FLAGS, ...extra, resolve(here, "entries/mockroom.ts")], {
    cwd: resolve(REPO, "server"),
    env: {
      ...process.env,
      MOCKROOM_HOST: "127.0.0.1",
      MOCKROOM_PORT: String(o.port),
      MOCKROOM_DATA_DIR: o.dataDir,
      MOCKROOM_SECRET: "bench-secret-that-is-long-enough-to-sign-tokens",
      MOCKROOM_STORAGE: o.storage,
      MOCKROOM_SQLITE_SYNC: o.sync ?? "FULL",
      MOCKROOM_ROOM_UNLOAD_GRACE_MS: String(o.unloadGraceMs ?? 1_000),
      MOCKROOM_LOG_LEVEL: "warn",
    },
    stdio: ["ignore", "pipe", "pipe", "ipc"],
  });
  forwardErrors(child, "mockroom");
  await waitForOutput(child, "Mockroom is running at", START_TIMEOUT_MS);
  return handle("mockroom", child, `http://127.0.0.1:${o.port}`);
};

export const startReference = (port: number): Promise<ServerHandle> => startPlain("reference", port);

/** The floor: a bare `ws` relay with no Yjs at all (`entries/relay.ts`). */
export const startRelay = (port: number): Promise<ServerHandle> => startPlain("relay", port);

const startPlain = async (kind: "reference" | "relay", port: number): Promise<ServerHandle> => {
  const child = spawn(process.execPath, [...NODE_FLAGS, resolve(here, `entries/${kind}.ts`)], {
    cwd: resolve(REPO, "bench"),
    env: { ...process.env, PORT: String(port) },
    stdio: ["ignore", "pipe", "pipe", "ipc"],
  });
  forwardErrors(child, kind);
  await waitForOutput(child, `${kind} running at`, START_TIMEOUT_MS);
  return handle(kind, child, `http://127.0.0.1:${port}`);
};

/** Server warnings and crashes go to our stderr, prefixed; normal output is dropped. */
const forwardErrors = (child: ChildProcess, name: string): void => {
  child.stderr?.on("data", (b: Buffer) => {
    const text = b.toString().trim();
    if (text) process.stderr.write(`[${name}] ${text.slice(0, 2000)}\n`);
  });
  child.stdout?.on("data", (b: Buffer) => {
    const text = b.toString();
    if (/"level":"(warn|error)"/.test(text)) process.stderr.write(`[${name}] ${text.trim().slice(0, 2000)}\n`);
  });
};
