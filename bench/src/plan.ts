/** What `pnpm bench` runs: the full suite, `--quick` (a few minutes) or `--smoke` (seconds, for CI). */

/** See `settleMs`: measured with an allocation burst then idle, 4 s was too short and 8 s enough. */
const IDLE_SETTLE_MS = 8_000;

export type Suite = "sync" | "storm" | "replay" | "board";

export interface Plan {
  mode: "full" | "quick" | "smoke";
  suites: Suite[];
  outDir: string;
  sync: {
    rooms: number[];
    keyRooms: number;
    repeats: number;
    /** One edit per writer per interval: 100 ms = 10 edits/s, well under MAX_YJS_MESSAGES_PER_SECOND. */
    intervalMs: number;
    durationMs: number;
    drainMs: number;
    /**
     * Quiet time before each idle memory sample. V8 keeps the young generation it grew for the
     * connect burst (up to 3 × 16 MB here) and gives it back only at a GC that sees a low
     * allocation rate over the last ~5 s; sampled sooner, "idle" RSS measures the burst, not the
     * rooms. IDLE_SETTLE_MS is long enough for both servers.
     */
    settleMs: number;
    variants?: string[];
  };
  storm: { rooms: number; writeMs: number };
  replay: { updates: number; durationMs: number; seeks: number; naiveSeeks: number; checkpointEvery: number };
  /** `joins`: how many times the stored board is unloaded and joined (board/join.ts), for the spread. */
  board: { elements: number; moves: number; remoteMoves: number; joins: number };
}

const ALL: Suite[] = ["sync", "storm", "replay", "board"];

export const parseArgs = (argv: readonly string[], defaultOut: string): Plan => {
  const plan = basePlan(argv, defaultOut);
  const flags = parseFlags(argv);
  // --rooms=500 and --repeats=3 narrow the sync suite to one point, for before/after comparisons.
  const rooms = flags.get("rooms");
  if (rooms) {
    plan.sync.rooms = rooms.split(",").map(Number);
    plan.sync.keyRooms = plan.sync.rooms[plan.sync.rooms.length - 1]!;
  }
  // --variants=mockroom,relay: only these servers (the report then lacks ratios where a side is missing).
  const variants = flags.get("variants");
  if (variants) plan.sync.variants = variants.split(",");
  const repeats = flags.get("repeats");
  if (repeats) plan.sync.repeats = Number(repeats);
  return plan;
};

const parseFlags = (argv: readonly string[]): Map<string, string> => {
  const flags = new Map<string, string>();
  for (const a of argv) {
    if (a === "--") continue;
    const m = /^--([a-z-]+)(?:=(.*))?$/.exec(a);
    if (!m) throw new Error(`unknown argument ${a} (try --quick, --smoke, --only=sync,replay, --rooms=500, --out=dir)`);
    flags.set(m[1]!, m[2] ?? "true");
  }
  return flags;
};

const basePlan = (argv: readonly string[], defaultOut: string): Plan => {
  const flags = parseFlags(argv);
  const mode = flags.has("smoke") ? "smoke" : flags.has("quick") ? "quick" : "full";
  const only = flags.get("only");
  const suites = only ? (only.split(",").filter((s) => ALL.includes(s as Suite)) as Suite[]) : ALL;
  const outDir = flags.get("out") ?? defaultOut;
  const hour = 3_600_000;
  if (mode === "smoke")
    return {
      mode,
      suites,
      outDir,
      sync: { rooms: [2], keyRooms: 2, repeats: 1, intervalMs: 100, durationMs: 1_500, drainMs: 3_000, settleMs: 200 },
      storm: { rooms: 2, writeMs: 1_500 },
      replay: { updates: 2_000, durationMs: hour / 30, seeks: 20, naiveSeeks: 3, checkpointEvery: 250 },
      board: { elements: 100, moves: 1_000, remoteMoves: 50, joins: 1 },
    };
  if (mode === "quick")
    return {
      mode,
      suites,
      outDir,
      sync: {
        rooms: [50, 500],
        keyRooms: 500,
        repeats: 1,
        intervalMs: 100,
        durationMs: 6_000,
        drainMs: 5_000,
        settleMs: IDLE_SETTLE_MS,
      },
      storm: { rooms: 200, writeMs: 3_000 },
      replay: { updates: 50_000, durationMs: hour, seeks: 100, naiveSeeks: 5, checkpointEvery: 1_000 },
      board: { elements: 2_000, moves: 40_000, remoteMoves: 500, joins: 3 },
    };
  return {
    mode,
    suites,
    outDir,
    sync: {
      rooms: [50, 200, 500, 1000],
      keyRooms: 500,
      repeats: 3,
      intervalMs: 100,
      durationMs: 12_000,
      drainMs: 5_000,
      settleMs: IDLE_SETTLE_MS,
    },
    storm: { rooms: 1000, writeMs: 4_000 },
    replay: { updates: 50_000, durationMs: hour, seeks: 200, naiveSeeks: 10, checkpointEvery: 1_000 },
    board: { elements: 2_000, moves: 40_000, remoteMoves: 500, joins: 5 },
  };
};
