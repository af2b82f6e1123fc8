/**
 * `pnpm bench`: runs every benchmark against the Mockroom server and the reference Yjs server, each
 * in its own process, with the load generator in a third, and writes a Markdown + JSON report.
 * See bench/README.md.
 */
import { spawn } from "node:child_process";
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { cpus, loadavg, totalmem } from "node:os";
import { join, resolve } from "node:path";
import { parseArgs, type Plan } from "./plan.ts";
import { renderReport, type BenchReport } from "./report.ts";
import { REPO } from "./servers.ts";
import { runStorm, runSyncPoint, type StormResult, type SyncPoint, type Variant } from "./sync-load.ts";
import type { ReplayResult } from "./replay/run.ts";
import type { BoardResult } from "./board/run.ts";

const OVERALL_DEADLINE_MS = 40 * 60_000;
setTimeout(() => {
  process.stderr.write("bench: overall deadline passed, stopping\n");
  process.exit(2);
}, OVERALL_DEADLINE_MS).unref();

const plan: Plan = parseArgs(process.argv.slice(2), resolve(REPO, "bench-results"));
mkdirSync(plan.outDir, { recursive: true });
const log = (s: string) => process.stderr.write(`bench: ${s}\n`);

/** Runs a child benchmark script that writes its JSON result to a file. */
const runChild = async <T>(script: string, opts: object, name: string): Promise<T> => {
  const out = join(plan.outDir, `${name}.tmp.json`);
  const child = spawn(
    process.execPath,
    ["--expose-gc", "--import", "tsx", resolve(REPO, "bench/src", script), JSON.stringify(opts), out],
    {
      cwd: resolve(REPO, "bench"),
      stdio: ["ignore", "inherit", "inherit"],
    },
  );
  const code = await new Promise<number | null>((r) => child.once("exit", r));
  if (code !== 0) throw new Error(`${script} exited with ${code}`);
  return JSON.parse(readFileSync(out, "utf8")) as T;
};

const started = new Date();
const report: BenchReport = {
  mode: plan.mode,
  date: started.toISOString(),
  machine: {
    cpus: cpus().length,
    cpuModel: cpus()[0]?.model ?? "unknown",
    memoryGb: Math.round(totalmem() / 1e9),
    node: process.version,
    loadAvgStart: loadavg(),
    loadAvgEnd: [],
  },
  plan,
  sync: [],
  storm: [],
  replay: null,
  board: null,
  durationS: 0,
};

const point = async (variant: Variant, rooms: number, repeat: number): Promise<SyncPoint> => {
  log(`sync ${variant} R=${rooms}${repeat ? ` (repeat ${repeat + 1})` : ""}`);
  const p = await runSyncPoint(variant, { ...plan.sync, rooms, retentionCheck: rooms === plan.sync.keyRooms }, repeat);
  report.sync.push(p);
  log(
    `  p50 ${p.latencyMs.p50.toFixed(1)} ms, p99 ${p.latencyMs.p99.toFixed(1)} ms, ${p.serverCpuUsPerEdit.toFixed(1)} µs/edit ` +
      `(kernel ${p.serverSysUsPerEdit.toFixed(1)}), ` +
      `idle ${(p.perRoom.idleRss / 1024).toFixed(1)} KB RSS/room, delivered ${(p.share * 100).toFixed(1)}%`,
  );
  return p;
};

if (plan.suites.includes("sync")) {
  for (const rooms of plan.sync.rooms) {
    const repeats = rooms === plan.sync.keyRooms ? plan.sync.repeats : 1;
    for (let r = 0; r < repeats; r++) {
      // Alternate the order so drift in background load does not favour one server.
      const order: Variant[] = r % 2 === 0 ? ["reference", "mockroom"] : ["mockroom", "reference"];
      // Persistence off and a bare relay bracket Mockroom: what durability costs, and the socket floor.
      if (rooms === plan.sync.keyRooms) order.push("mockroom-memory", "relay");
      for (const v of order) if (!plan.sync.variants || plan.sync.variants.includes(v)) await point(v, rooms, r);
    }
  }
}
if (plan.suites.includes("storm")) {
  for (const v of ["mockroom", "reference"] as const) {
    log(`join storm ${v} R=${plan.storm.rooms}`);
    const s: StormResult = await runStorm(v, plan.storm.rooms, plan.storm.writeMs);
    report.storm.push(s);
    log(`  all synced ${s.allSyncedMs.toFixed(0)} ms after restart; lost acknowledged: ${s.lostAcked}`);
  }
}
if (plan.suites.includes("replay")) {
  log(`replay seek: ${plan.replay.updates} updates over ${plan.replay.durationMs / 60_000} min`);
  report.replay = await runChild<ReplayResult>("replay/run.ts", plan.replay, "replay");
}
if (plan.suites.includes("board")) {
  log(`board at scale: ${plan.board.elements} elements, ${plan.board.moves} moves`);
  report.board = await runChild<BoardResult>("board/run.ts", plan.board, "board");
}

report.machine.loadAvgEnd = loadavg();
report.durationS = (Date.now() - started.getTime()) / 1000;
const stamp = started.toISOString().replace(/[:.]/g, "-");
const md = renderReport(report);
writeFileSync(join(plan.outDir, `bench-${plan.mode}-${stamp}.json`), JSON.stringify(report, null, 2));
writeFileSync(join(plan.outDir, `bench-${plan.mode}-${stamp}.md`), md);
writeFileSync(join(plan.outDir, `latest-${plan.mode}.json`), JSON.stringify(report, null, 2));
writeFileSync(join(plan.outDir, `latest-${plan.mode}.md`), md);
log(`report: ${join(plan.outDir, `bench-${plan.mode}-${stamp}.md`)} (${report.durationS.toFixed(0)} s)`);
process.exit(0);
