import { describe, expect, it } from "vitest";
import { seededRandom } from "../testing/index.ts";
import { DocChange, isDocChange, parseTimeline } from "./timeline.ts";

/** A valid change with every optional part present or not. */
const change = (rand: () => number): Record<string, unknown> => {
  const c: Record<string, unknown> = { t: Math.floor(rand() * 1e12), a: "participant-1" };
  if (rand() < 0.6)
    c["b"] = [
      ["el-1", { id: "el-1", type: "rectangle", version: 3, versionNonce: 77, index: "a1", isDeleted: false, x: 1 }],
      ["el-2", null],
    ];
  if (rand() < 0.6) c["p"] = [{ r: 3 }, { i: "abc" }, { d: 2 }];
  if (rand() < 0.3) c["l"] = "python";
  return c;
};

/** Ways to break a change, each one the schema refuses. */
const breakers: ((c: Record<string, unknown>) => void)[] = [
  (c) => delete c["t"],
  (c) => (c["t"] = "1"),
  (c) => (c["a"] = "x".repeat(65)),
  (c) => (c["l"] = 5),
  (c) => (c["b"] = [["el-1"]]),
  (c) => (c["b"] = [["", null]]),
  (c) => (c["b"] = [["el-1", { id: "el-1", type: "rectangle", version: "3", versionNonce: 1 }]]),
  (c) => (c["b"] = [["el-1", { id: "el-1", type: "rectangle", version: 3 }]]),
  (c) => (c["b"] = [["el-1", { id: "el-1", type: "x".repeat(33), version: 3, versionNonce: 1 }]]),
  (c) => (c["b"] = [["el-1", { id: "el-1", type: "r", version: 3, versionNonce: 1, index: 4 }]]),
  (c) => (c["b"] = [["el-1", { id: "el-1", type: "r", version: 3, versionNonce: 1, isDeleted: "no" }]]),
  (c) => (c["b"] = {}),
  (c) => (c["p"] = [{ r: 0 }]),
  (c) => (c["p"] = [{ d: 1.5 }]),
  (c) => (c["p"] = [{ i: 3 }]),
  (c) => (c["p"] = [{}]),
  (c) => (c["p"] = "abc"),
];

describe("timeline parsing at the edge", () => {
  it("[RPL1] the fast change check agrees with the DocChange schema on valid and broken changes", () => {
    const rand = seededRandom(5);
    for (let n = 0; n < 500; n++) {
      const c = change(rand);
      expect(isDocChange(c)).toBe(true);
      expect(DocChange.safeParse(c).success).toBe(true);
      const broken = JSON.parse(JSON.stringify(c)) as Record<string, unknown>;
      breakers[n % breakers.length]!(broken);
      expect(DocChange.safeParse(broken).success, JSON.stringify(broken)).toBe(false);
      expect(isDocChange(broken), JSON.stringify(broken)).toBe(false);
    }
  });

  it("[RPL1] parseTimeline checks the envelope with zod and refuses a timeline with one bad change", () => {
    const timeline = {
      roomId: "room-abcdefgh",
      round: 1,
      title: "t",
      startedAt: 1,
      endedAt: 2,
      sessionStartedAt: null,
      participants: [],
      changes: [change(seededRandom(1)), change(seededRandom(2))],
      events: [],
      notes: [],
      scores: [],
      tracks: [],
      released: false,
      viewer: { participantId: "participant-1", role: "candidate" },
    };
    const ok = parseTimeline(timeline);
    expect(ok.success, JSON.stringify(timeline)).toBe(true);
    if (ok.success) expect(ok.data.changes).toHaveLength(2);
    expect(parseTimeline({ ...timeline, changes: [...timeline.changes, { t: 1 }] }).success).toBe(false);
    expect(parseTimeline({ ...timeline, released: "no" }).success).toBe(false);
    expect(parseTimeline({ ...timeline, changes: undefined }).success).toBe(false);
  });
});
