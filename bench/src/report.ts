import type { Plan } from "./plan.ts";
import type { BoardJoinFigures, BoardResult } from "./board/run.ts";
import type { ReplayResult } from "./replay/run.ts";
import { spreadOf } from "./stats.ts";
import type { StormResult, SyncPoint, Variant } from "./sync-load.ts";

export interface BenchReport {
  mode: Plan["mode"];
  date: string;
  machine: {
    cpus: number;
    cpuModel: string;
    memoryGb: number;
    node: string;
    loadAvgStart: number[];
    loadAvgEnd: number[];
  };
  plan: Plan;
  sync: SyncPoint[];
  storm: StormResult[];
  replay: ReplayResult | null;
  board: BoardResult | null;
  durationS: number;
}

const f = (v: number, digits = 1) => (Number.isFinite(v) ? v.toFixed(digits) : "–");
const kb = (bytes: number) => f(bytes / 1024);
const ratio = (a: number, b: number) =>
  Number.isFinite(a) && Number.isFinite(b) && b !== 0 ? `${(a / b).toFixed(2)}×` : "–";
const table = (head: string[], rows: (string | number)[][]) =>
  [
    `| ${head.join(" | ")} |`,
    `| ${head.map(() => "---").join(" | ")} |`,
    ...rows.map((r) => `| ${r.join(" | ")} |`),
  ].join("\n");

const NAMES: Record<Variant, string> = {
  reference: "reference (@y/websocket-server 0.1.1)",
  mockroom: "Mockroom (SQLite, FULL sync)",
  "mockroom-memory": "Mockroom (persistence off)",
  relay: "bare ws relay (floor, no Yjs)",
};

/** Figures of one sync point, in report order. */
const FIGURES: { key: string; label: string; get: (p: SyncPoint) => number; fmt: (v: number) => string }[] = [
  { key: "p50", label: "p50 latency (ms)", get: (p) => p.latencyMs.p50, fmt: (v) => f(v, 2) },
  { key: "p95", label: "p95 latency (ms)", get: (p) => p.latencyMs.p95, fmt: (v) => f(v, 1) },
  { key: "p99", label: "p99 latency (ms)", get: (p) => p.latencyMs.p99, fmt: (v) => f(v, 1) },
  { key: "rate", label: "delivered edits/s", get: (p) => p.deliveredPerS, fmt: (v) => f(v, 0) },
  { key: "share", label: "share delivered (%)", get: (p) => p.share * 100, fmt: (v) => f(v, 2) },
  { key: "cpu", label: "server CPU per edit (µs)", get: (p) => p.serverCpuUsPerEdit, fmt: (v) => f(v, 1) },
  {
    key: "cpuAllIn",
    label: "server CPU per edit, all-in: until every doc is unloaded (µs)",
    get: (p) => p.serverCpuAllInUsPerEdit,
    fmt: (v) => f(v, 1),
  },
  { key: "sysCpu", label: "… of which kernel (µs)", get: (p) => p.serverSysUsPerEdit, fmt: (v) => f(v, 1) },
  { key: "idleCpu", label: "server CPU idle (% of a core)", get: (p) => p.idleCpuPct, fmt: (v) => f(v, 1) },
  { key: "idleRss", label: "idle RSS per room (KB)", get: (p) => p.perRoom.idleRss, fmt: kb },
  { key: "idleHeap", label: "idle heap per room (KB)", get: (p) => p.perRoom.idleHeap, fmt: kb },
  {
    key: "marginalRss",
    label: "idle RSS per room, marginal R/2 → R (KB)",
    get: (p) => p.perRoom.marginalIdleRss,
    fmt: kb,
  },
  {
    key: "marginalHeap",
    label: "idle heap per room, marginal R/2 → R (KB)",
    get: (p) => p.perRoom.marginalIdleHeap,
    fmt: kb,
  },
  {
    key: "youngGen",
    label: "V8 young generation committed at the idle sample (MB)",
    get: (p) => p.memory.idle.newSpace / 1e6,
    fmt: (v) => f(v, 1),
  },
  { key: "activeRss", label: "active RSS per room (KB)", get: (p) => p.perRoom.activeRss, fmt: kb },
  { key: "activeHeap", label: "active live heap per room (KB)", get: (p) => p.perRoom.activeHeap, fmt: kb },
  {
    key: "retained",
    label: "heap kept per room after all left (KB)",
    get: (p) => p.perRoom.retainedHeapAfterClose,
    fmt: kb,
  },
  {
    key: "retained2",
    label: "heap kept per room by a later create–join–leave cycle of new rooms, JIT code aside (KB)",
    get: (p) => p.perRoom.retainedHeapLaterCycle ?? NaN,
    fmt: kb,
  },
  {
    key: "loaded",
    label: "docs still loaded after all left",
    get: (p) => p.memory.loadedDocsAfterClose,
    fmt: (v) => f(v, 0),
  },
  {
    key: "srvLag",
    label: "server event-loop delay p99 during the load (ms)",
    get: (p) => p.serverLoopDelayP99Ms,
    fmt: (v) => f(v, 1),
  },
  {
    key: "lgLag",
    label: "load generator loop delay p99, worst of the two (ms)",
    get: (p) => p.loadgenLoopDelayP99Ms,
    fmt: (v) => f(v, 1),
  },
];

const median = (xs: number[]) => spreadOf(xs).median;

const syncSection = (r: BenchReport): string => {
  const out: string[] = ["## 1. Sync load", ""];
  out.push(
    `R rooms × 2 real y-websocket clients in two separate load-generator processes; in each room the writer inserts 20 ` +
      `characters into the pad or moves a board element (alternately) every 100 ms for ` +
      `${r.plan.sync.durationMs / 1000} s; the reader timestamps arrival. Server CPU is the CPU time of every thread of the ` +
      `server process (/proc schedstat), divided by delivered edits. Memory: RSS from /proc, heap from the process after a forced ` +
      `GC; per room = (value − value before any client connected) / R. Mockroom runs with auth, SQLite and ` +
      `synchronous=FULL; the reference has neither auth nor persistence.`,
    "",
  );
  const rooms = [...new Set(r.sync.map((p) => p.rooms))].sort((a, b) => a - b);
  for (const R of rooms) {
    const pts = (v: Variant) => r.sync.filter((p) => p.rooms === R && p.variant === v);
    const ref = pts("reference");
    const mr = pts("mockroom");
    const mem = pts("mockroom-memory");
    if (!ref.length || !mr.length) continue;
    const n = Math.max(ref.length, mr.length);
    out.push(`### R = ${R}${n > 1 ? ` (median of ${n} runs)` : ""}`, "");
    const head = ["figure", NAMES.reference, NAMES.mockroom, "ratio Mockroom / reference"];
    if (mem.length) head.push(NAMES["mockroom-memory"]);
    const relay = pts("relay");
    if (relay.length) head.push(NAMES.relay);
    out.push(
      table(
        head,
        FIGURES.map((fig) => {
          const a = median(ref.map(fig.get));
          const b = median(mr.map(fig.get));
          const row = [fig.label, fig.fmt(a), fig.fmt(b), ratio(b, a)];
          if (mem.length) row.push(fig.fmt(median(mem.map(fig.get))));
          if (relay.length) row.push(fig.fmt(median(relay.map(fig.get))));
          return row;
        }),
      ),
      "",
    );
    if (n > 1) {
      out.push(`Spread over the ${n} runs at R = ${R} (min … max; spread = (max − min) / median):`, "");
      out.push(
        table(
          ["figure", "reference", "Mockroom", "ratio per run", "ratio spread"],
          FIGURES.filter((x) => !["loaded", "share"].includes(x.key)).map((fig) => {
            const a = ref.map(fig.get);
            const b = mr.map(fig.get);
            const ratios = b.map((v, i) => v / (a[i] ?? NaN));
            const sa = spreadOf(a);
            const sb = spreadOf(b);
            const sr = spreadOf(ratios);
            return [
              fig.label,
              `${fig.fmt(sa.min)} … ${fig.fmt(sa.max)} (${f(sa.spread * 100, 0)}%)`,
              `${fig.fmt(sb.min)} … ${fig.fmt(sb.max)} (${f(sb.spread * 100, 0)}%)`,
              ratios.map((x) => (Number.isFinite(x) ? `${x.toFixed(2)}×` : "–")).join(", "),
              `${f(sr.spread * 100, 0)}%`,
            ];
          }),
        ),
        "",
      );
    }
  }
  return out.join("\n");
};

const durabilitySection = (r: BenchReport): string => {
  const R = r.plan.sync.keyRooms;
  const on = r.sync.filter((p) => p.rooms === R && p.variant === "mockroom");
  const off = r.sync.filter((p) => p.rooms === R && p.variant === "mockroom-memory");
  if (!on.length || !off.length) return "";
  const rows = [
    ["server CPU per edit (µs)", (p: SyncPoint) => p.serverCpuUsPerEdit, 1],
    ["… of which kernel (µs)", (p: SyncPoint) => p.serverSysUsPerEdit, 1],
    ["p50 latency (ms)", (p: SyncPoint) => p.latencyMs.p50, 2],
    ["p99 latency (ms)", (p: SyncPoint) => p.latencyMs.p99, 1],
    ["active RSS per room (KB)", (p: SyncPoint) => p.perRoom.activeRss / 1024, 1],
  ] as const;
  return [
    "## 2. Durability cost",
    "",
    `The same load at R = ${R} with persistence off (MOCKROOM_STORAGE=memory) and on (SQLite, WAL, synchronous=FULL: ` +
      `one fsync per group commit). Medians of ${on.length} runs.`,
    "",
    table(
      ["figure", "persistence off", "persistence on", "cost of durability"],
      rows.map(([label, get, d]) => {
        const a = median(off.map(get));
        const b = median(on.map(get));
        return [label, f(a, d), f(b, d), ratio(b, a)];
      }),
    ),
    "",
  ].join("\n");
};

const stormSection = (r: BenchReport): string => {
  if (!r.storm.length) return "";
  return [
    "## 5. Join storm",
    "",
    `R rooms × 2 clients write every 100 ms; the server is SIGKILLed mid-write and restarted on the same port and ` +
      `data; every client reconnects by itself with the app's backoff (max 2.5 s). "Lost acknowledged" compares ` +
      `each writer's last Persisted ack before the kill with the restarted server's state vector at the room's ` +
      `first join (before any client could push anything back).`,
    "",
    table(
      [
        "server",
        "rooms",
        "clients",
        "restart (ms)",
        "all synced after restart (ms)",
        "p50 / p95 per client (ms)",
        "kill → all synced (ms)",
        "rooms checked",
        "rooms with acked edits",
        "lost acknowledged",
        "converged",
      ],
      r.storm.map((s) => [
        NAMES[s.variant],
        s.rooms,
        `${s.syncedClients}/${s.clients}`,
        f(s.restartMs, 0),
        f(s.allSyncedMs, 0),
        `${f(s.syncMs.p50, 0)} / ${f(s.syncMs.p95, 0)}`,
        f(s.fromKillMs, 0),
        s.checkedRooms,
        s.variant === "reference" ? "n/a (no acks)" : s.ackedEdits,
        s.variant === "reference" ? "n/a (no persistence)" : s.lostAcked,
        s.unconverged === 0 ? "yes" : `${s.unconverged} rooms not`,
      ]),
    ),
    "",
  ].join("\n");
};

const replaySection = (r: BenchReport): string => {
  const x = r.replay;
  if (!x) return "";
  return [
    "## 3. Replay seek",
    "",
    `A synthetic ${f(x.sessionMinutes, 0)}-minute round of ${x.updates} updates (${(x.logBytes / 1e6).toFixed(1)} MB of ` +
      `Yjs updates): pad typing with a moving cursor and deletions, up to 400 board elements created, moved, ` +
      `restyled and deleted. Seeks go to ${r.plan.replay.seeks} seeded random points, in random order, on one ` +
      `player instance. "First frame" is a cold open at the session's end from data in memory.`,
    "",
    table(
      [
        "strategy",
        "first frame (ms)",
        "open at start (ms)",
        "seek p50 (ms)",
        "seek p95 (ms)",
        "seek max (ms)",
        "checkpoints (MB)",
        "checkpoints gzip (MB)",
        "notes",
      ],
      x.strategies.map((s) => [
        s.name,
        f(s.firstFrameMs, 0),
        f(s.firstFrameAtStartMs, 1),
        f(s.seekMs.p50, 2),
        f(s.seekMs.p95, 1),
        f(s.seekMs.max, 0),
        f(s.checkpointBytes / 1e6, 1),
        f(s.checkpointBytesGzip / 1e6, 1),
        s.notes,
      ]),
    ),
    "",
    `All strategies showed the same frames at every checked point: ${x.agree ? "yes" : "**NO**"}.`,
    "",
  ].join("\n");
};

const boardSection = (r: BenchReport): string => {
  const b = r.board;
  if (!b) return "";
  const n = b.joins.length;
  const range = (pick: (j: BoardJoinFigures) => number, digits: number) => {
    const s = spreadOf(b.joins.map(pick));
    return n > 1 ? `${f(s.median, digits)} (${f(s.min, digits)} … ${f(s.max, digits)})` : f(s.median, digits);
  };
  return [
    "## 4. Board at scale",
    "",
    `${b.elements} elements with ${b.moves} moves of history, stored by a Mockroom server (SQLite). ` +
      `${n} time${n > 1 ? "s" : ""}, the doc is unloaded and a client joins (the first join is the coldest). ` +
      `The model is the app's BoardModel ` +
      `(client/src/features/whiteboard/board-model.ts) with a plain-JSON codec. ` +
      (n > 1 ? `Times are the median over the joins (min … max).` : ""),
    "",
    table(
      ["figure", "value"],
      [
        ["bytes on join (all WebSocket payloads until the sync reply)", `${(b.joinBytes / 1024).toFixed(0)} KB`],
        ["Yjs state in the sync reply", `${(b.stateBytes / 1024).toFixed(0)} KB`],
        ["join → sync reply (server loads from storage, ms)", range((j) => j.joinMs, 1)],
        ["client: apply sync reply (ms)", range((j) => j.applyMs, 1)],
        ["client: first full scene from the model (ms)", range((j) => j.sceneMs, 1)],
        ["client load time from storage, total (ms)", range((j) => j.loadTotalMs, 1)],
        [
          `one remote move: Y.applyUpdate + model observer, p50 / p95 over all joins (µs)`,
          `${f(b.remoteMoveUs.p50, 1)} / ${f(b.remoteMoveUs.p95, 1)}`,
        ],
        ["… p50 per join (µs)", range((j) => j.remoteMoveP50Us, 1)],
        [
          "one remote move + model.reconcile of the scene, p50 / p95 (µs)",
          `${f(b.remoteMoveWithSceneUs.p50, 0)} / ${f(b.remoteMoveWithSceneUs.p95, 0)}`,
        ],
      ],
    ),
    "",
  ].join("\n");
};

/** The goals of issue 6, each with the figure from this run. */
export const goals = (r: BenchReport): { goal: string; measured: string; holds: boolean | null }[] => {
  const R = r.plan.sync.keyRooms;
  const at = (v: Variant) => r.sync.filter((p) => p.rooms === R && p.variant === v);
  const ref = at("reference");
  const mr = at("mockroom");
  const out: { goal: string; measured: string; holds: boolean | null }[] = [];
  if (ref.length && mr.length) {
    const cpu = median(mr.map((p) => p.serverCpuUsPerEdit)) / median(ref.map((p) => p.serverCpuUsPerEdit));
    const cpuAllIn =
      median(mr.map((p) => p.serverCpuAllInUsPerEdit)) / median(ref.map((p) => p.serverCpuAllInUsPerEdit));
    const p99 = median(mr.map((p) => p.latencyMs.p99)) / median(ref.map((p) => p.latencyMs.p99));
    out.push({
      goal: `server CPU per edit, durable, at R = ${R} ≤ 0.5× reference`,
      // Deferred integration and unload snapshots count too: the worse of the two ratios decides.
      measured: `${cpu.toFixed(2)}× during the load, ${cpuAllIn.toFixed(2)}× all-in`,
      holds: Math.max(cpu, cpuAllIn) <= 0.5,
    });
    out.push({
      goal: `p99 propagation at R = ${R} ≤ 0.5× reference`,
      measured: `${p99.toFixed(2)}×`,
      holds: p99 <= 0.5,
    });
    const kib = (v: number) => (v / 1024).toFixed(1);
    const idle = median(mr.map((p) => p.perRoom.idleRss));
    const marginal = median(mr.map((p) => p.perRoom.marginalIdleRss));
    out.push({
      goal: "idle room ≤ 24 KB RSS",
      // The marginal figure is the room's own cost; the average also carries the process's
      // start-up and warm-up, which can even be returned to the OS by the idle sample (negative).
      measured:
        `${kib(marginal)} KB marginal (average since start ${kib(idle)} KB); heap ${kib(median(mr.map((p) => p.perRoom.idleHeap)))} KB ` +
        `(reference ${kib(median(ref.map((p) => p.perRoom.idleRss)))} / ${kib(median(ref.map((p) => p.perRoom.marginalIdleRss)))} KB, ` +
        `heap ${kib(median(ref.map((p) => p.perRoom.idleHeap)))} KB)`,
      holds: marginal <= 24 * 1024,
    });
    const kept = Math.max(...mr.map((p) => p.memory.loadedDocsAfterClose));
    const keptHeap = median(mr.map((p) => p.perRoom.retainedHeapAfterClose)) / 1024;
    // The first cycle's figure includes the process's warm-up; a later cycle of new rooms does not.
    const later = mr.map((p) => p.perRoom.retainedHeapLaterCycle).filter((v): v is number => v !== null);
    const keptLater = later.length ? median(later) / 1024 : NaN;
    out.push({
      goal: "unloaded rooms retain nothing",
      measured:
        `${kept} docs loaded; heap kept per room ${keptHeap.toFixed(1)} KB after the first cycle (warm-up included), ` +
        `${Number.isNaN(keptLater) ? "–" : keptLater.toFixed(2)} KB by a later cycle of new rooms (no warm-up)`,
      holds: Number.isNaN(keptLater) ? null : kept === 0 && keptLater < 1,
    });
  }
  const eng = r.replay?.strategies[0];
  if (eng) {
    out.push({
      goal: "replay seek p95 ≤ 30 ms",
      measured: `${eng.seekMs.p95.toFixed(1)} ms`,
      holds: eng.seekMs.p95 <= 30,
    });
    out.push({
      goal: "replay first frame ≤ 500 ms",
      measured: `${eng.firstFrameMs.toFixed(0)} ms`,
      holds: eng.firstFrameMs <= 500,
    });
    const perHour = eng.checkpointBytesGzip / 1e6 / Math.max(1e-9, r.replay!.sessionMinutes / 60);
    out.push({
      goal: "checkpoints ≤ 10 MB per session-hour",
      measured: `${perHour.toFixed(1)} MB/h gzip (in player memory, not stored)`,
      holds: perHour <= 10,
    });
  }
  if (r.board) {
    out.push({
      goal: "2,000-element board: load ≤ 20 ms",
      measured: `${r.board.loadTotalMs.toFixed(0)} ms (median of ${r.board.joins.length} joins)`,
      holds: r.board.loadTotalMs <= 20,
    });
    out.push({
      goal: "remote move applied ≤ 10 µs",
      measured: `${r.board.remoteMoveUs.p50.toFixed(1)} µs p50`,
      holds: r.board.remoteMoveUs.p50 <= 10,
    });
  }
  const lost = r.storm.filter((s) => s.variant === "mockroom");
  if (lost.length)
    out.push({
      goal: "join storm: nothing acknowledged lost",
      measured: `${lost[0]!.lostAcked} rooms lost acked edits`,
      holds: lost[0]!.lostAcked === 0,
    });
  return out;
};

export const renderReport = (r: BenchReport): string => {
  const m = r.machine;
  return [
    `# Mockroom benchmarks (${r.mode})`,
    "",
    `Run ${r.date.slice(0, 16).replace("T", " ")} UTC on ${m.cpus} × ${m.cpuModel}, ${m.memoryGb} GB RAM, Node ${m.node}, ` +
      `loopback only; load average ${m.loadAvgStart.map((x) => x.toFixed(2)).join(" / ")} at start, ` +
      `${m.loadAvgEnd.map((x) => x.toFixed(2)).join(" / ")} at end; ${f(r.durationS / 60, 1)} min. ` +
      `Server, reference server and two load generators each run in their own process; the machine is shared, so ` +
      `compare ratios within one run rather than absolute figures across runs.`,
    "",
    "## Goals",
    "",
    table(
      ["goal", "measured", "holds"],
      goals(r).map((g) => [g.goal, g.measured, g.holds === null ? "–" : g.holds ? "yes" : "**no**"]),
    ),
    "",
    syncSection(r),
    durabilitySection(r),
    replaySection(r),
    boardSection(r),
    stormSection(r),
  ].join("\n");
};
