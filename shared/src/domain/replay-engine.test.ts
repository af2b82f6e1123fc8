import { describe, expect, it } from "vitest";
import { seededRandom } from "../testing/index.ts";
import { visibleElements } from "./board.ts";
import { ReplayEngine } from "./replay-engine.ts";
import { applyTextOps, type DocChange, type TextOp, type TimelineElement } from "./timeline.ts";

/** A random but valid session: elements created, moved, deleted; pad typed and cut; language switched. */
const session = (seed: number, n: number): DocChange[] => {
  const rand = seededRandom(seed);
  const changes: DocChange[] = [];
  const els = new Map<string, TimelineElement>();
  let pad = "";
  let t = 1_000_000;
  for (let i = 0; i < n; i++) {
    t += Math.floor(rand() * 400);
    const c: DocChange = { t, a: rand() < 0.5 ? "alice0001" : "bobby0001" };
    const r = rand();
    if (r < 0.45) {
      const id = els.size > 0 && rand() < 0.6 ? [...els.keys()][Math.floor(rand() * els.size)]! : `el${i}`;
      const prev = els.get(id);
      const stale = prev && rand() < 0.1;
      const el: TimelineElement = {
        id,
        type: "rectangle",
        // A stale write (lower version) must not win: that is the clients' merge rule.
        version: prev ? prev.version + (stale ? -1 : 1) : 1,
        versionNonce: Math.floor(rand() * 1e9),
        index: `a${Math.floor(rand() * 100)}`,
        isDeleted: prev ? rand() < 0.15 : false,
        x: i,
      };
      if (!stale) els.set(id, el);
      c.b = [[id, el]];
    } else if (r < 0.9) {
      const pos = Math.floor(rand() * (pad.length + 1));
      const ops: TextOp[] = pos > 0 ? [{ r: pos }] : [];
      if (rand() < 0.3 && pos < pad.length) {
        const d = 1 + Math.floor(rand() * Math.min(5, pad.length - pos));
        ops.push({ d });
        pad = pad.slice(0, pos) + pad.slice(pos + d);
      } else {
        const ins = "x".repeat(1 + Math.floor(rand() * 4)) + (rand() < 0.1 ? "\n" : "");
        ops.push({ i: ins });
        pad = pad.slice(0, pos) + ins + pad.slice(pos);
      }
      c.p = ops;
    } else {
      c.l = rand() < 0.5 ? "python" : "go";
    }
    changes.push(c);
  }
  return changes;
};

/** The obviously-correct oracle: replay from zero. */
const naive = (changes: readonly DocChange[], t: number) => {
  const board = new Map<string, TimelineElement>();
  let pad = "";
  let language: string | null = null;
  for (const c of changes) {
    if (c.t > t) break;
    for (const [id, el] of c.b ?? []) {
      const cur = board.get(id);
      if (el === null) board.delete(id);
      else if (!cur || el.version > cur.version || (el.version === cur.version && el.versionNonce < cur.versionNonce))
        board.set(id, el);
    }
    if (c.p) pad = applyTextOps(pad, c.p);
    if (c.l !== undefined) language = c.l;
  }
  return { elements: visibleElements(board.values()), pad, language };
};

describe("replay engine", () => {
  it("[RPL5] a frame at any t equals a replay from zero, whatever order the seeks come in", () => {
    for (const seed of [1, 2, 3]) {
      const changes = session(seed, 3_000);
      const engine = new ReplayEngine(changes, { keyframeEveryChanges: 64, keyframeEveryMs: 10_000 });
      const rand = seededRandom(seed * 7);
      const start = changes[0]!.t - 500;
      const span = changes.at(-1)!.t - start + 1_000;
      let t = start;
      for (let k = 0; k < 300; k++) {
        // Mix random jumps (either direction) with short forward steps (playback).
        t = k % 3 === 0 ? start + rand() * span : t + rand() * 2_000;
        const frame = engine.frameAt(t);
        const want = naive(changes, t);
        expect(frame.pad, `seed ${seed} t ${t}`).toBe(want.pad);
        expect(frame.language).toBe(want.language);
        expect(frame.elements).toEqual(want.elements);
        const next = engine.frameAt(t + 250);
        expect(next.pad).toBe(naive(changes, t + 250).pad);
      }
    }
  });

  it("[RPL5] a lower version never replaces a higher one (the clients' merge rule), and null removes", () => {
    const el = (version: number, nonce: number, x: number): TimelineElement => ({
      id: "e1",
      type: "ellipse",
      version,
      versionNonce: nonce,
      x,
    });
    const engine = new ReplayEngine([
      { t: 1, a: "p", b: [["e1", el(2, 5, 10)]] },
      { t: 2, a: "q", b: [["e1", el(1, 1, 99)]] },
      { t: 3, a: "q", b: [["e1", el(2, 3, 20)]] },
      { t: 4, a: "q", b: [["e1", null]] },
    ]);
    expect(engine.frameAt(0).elements).toEqual([]);
    expect(engine.frameAt(2).elements).toEqual([el(2, 5, 10)]);
    expect(engine.frameAt(3).elements).toEqual([el(2, 3, 20)]);
    expect(engine.frameAt(4).elements).toEqual([]);
  });

  it("[RPL4] keyframes are built lazily and bound the work of a seek", () => {
    const changes = session(9, 5_000);
    const engine = new ReplayEngine(changes, { keyframeEveryChanges: 100, keyframeEveryMs: 1e12 });
    engine.frameAt(changes[10]!.t);
    expect(engine.keyframeCount).toBe(1);
    engine.frameAt(changes[2_500]!.t);
    expect(engine.keyframeCount).toBeGreaterThanOrEqual(25);
    expect(engine.keyframeCount).toBeLessThanOrEqual(26);
    engine.warm();
    expect(engine.keyframeCount).toBe(51);
    expect(engine.appliedAt(changes.at(-1)!.t)).toBe(5_000);
    expect(engine.appliedAt(changes[0]!.t - 1)).toBe(0);
  });

  it("[RPL4] an empty session has an empty frame", () => {
    const f = new ReplayEngine([]).frameAt(123);
    expect(f).toMatchObject({ applied: 0, elements: [], pad: "", language: null });
  });
});
