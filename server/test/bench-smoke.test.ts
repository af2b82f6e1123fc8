import { spawnSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { tempDir } from "./rig.ts";

/**
 * Keeps `pnpm bench` from rotting: the real suite (separate server, reference and load-generator
 * processes) at tiny sizes. It checks that every benchmark ran and that its correctness checks
 * held; it never judges a figure (benchmarks are not tests).
 */
const repo = resolve(dirname(fileURLToPath(import.meta.url)), "../..");

interface Report {
  sync: {
    variant: string;
    sent: number;
    delivered: number;
    latencyMs: { p99: number };
    serverCpuUsPerEdit: number;
    memory: { loadedDocsAfterClose: number };
  }[];
  storm: { variant: string; lostAcked: number; unconverged: number; syncedClients: number; clients: number }[];
  replay: { agree: boolean; strategies: { seekMs: { n: number } }[] } | null;
  board: { elements: number; joinBytes: number } | null;
}

describe("benchmark smoke run", () => {
  it("[BENCH1] pnpm bench --smoke runs every benchmark end to end and writes its report", () => {
    const out = tempDir("mockroom-bench-smoke-");
    const r = spawnSync(process.execPath, ["scripts/bench.mjs", "--smoke", `--out=${out}`], {
      cwd: repo,
      encoding: "utf8",
      timeout: 240_000,
    });
    expect(r.status, r.stderr).toBe(0);
    const report = JSON.parse(readFileSync(join(out, "latest-smoke.json"), "utf8")) as Report;
    const variants = new Set(report.sync.map((p) => p.variant));
    expect([...variants].sort()).toEqual(["mockroom", "mockroom-memory", "reference", "relay"]);
    for (const p of report.sync) {
      expect(p.sent).toBeGreaterThan(0);
      expect(p.delivered).toBe(p.sent);
      expect(Number.isFinite(p.latencyMs.p99)).toBe(true);
      expect(p.serverCpuUsPerEdit).toBeGreaterThan(0);
    }
    // MEM1 as the benchmark sees it: Mockroom unloads every room once its clients are gone.
    expect(report.sync.filter((p) => p.variant !== "reference").every((p) => p.memory.loadedDocsAfterClose === 0)).toBe(
      true,
    );
    for (const s of report.storm) {
      expect(s.syncedClients).toBe(s.clients);
      expect(s.lostAcked).toBe(0);
      expect(s.unconverged).toBe(0);
    }
    expect(report.replay?.agree).toBe(true);
    expect(report.replay?.strategies.length).toBe(3);
    expect(report.board?.joinBytes).toBeGreaterThan(0);
    expect(readFileSync(join(out, "latest-smoke.md"), "utf8")).toContain("## Goals");
  }, 300_000);
});
