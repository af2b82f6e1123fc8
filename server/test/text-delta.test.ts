import { describe, expect, it } from "vitest";
import * as Y from "yjs";
import { DocKey, applyTextOps, type TextOp } from "@mockroom/shared";
import { randInt, seededRandom } from "@mockroom/shared/testing";
import { TextDeltaTracker } from "../src/replay/text-delta.ts";

/**
 * The replay decoder's pad delta (RPL1) must equal Y.Text's own `event.delta` for every update,
 * including concurrent edits, deletes across items, updates arriving out of order (pending structs)
 * and several edits in one update. Three peers edit at random; a fourth doc receives their updates
 * in a shuffled order and compares both deltas on each.
 */
const yjsDelta = (event: Y.YTextEvent): TextOp[] => {
  const ops: TextOp[] = [];
  for (const d of event.delta) {
    if (d.retain !== undefined) ops.push({ r: d.retain });
    else if (typeof d.insert === "string") ops.push({ i: d.insert });
    else if (d.delete !== undefined) ops.push({ d: d.delete });
  }
  while (ops.length > 0 && "r" in ops.at(-1)!) ops.pop();
  return ops;
};

const runSeed = (seed: number) => {
  const rand = seededRandom(seed);
  const peers = [1, 2, 3].map((id) => {
    const d = new Y.Doc();
    d.clientID = id;
    return d;
  });
  const target = new Y.Doc();
  const pad = target.getText(DocKey.Pad);
  const tracker = new TextDeltaTracker(pad);
  let mirror = "";
  let checked = 0;
  pad.observe((event) => {
    const fast = tracker.deltaOf(event);
    expect(fast, `seed ${seed}`).toEqual(yjsDelta(event));
    mirror = applyTextOps(mirror, fast);
    checked++;
  });
  const queue: Uint8Array[] = [];
  for (let step = 0; step < 300; step++) {
    const p = peers[randInt(rand, 0, peers.length - 1)]!;
    const text = p.getText(DocKey.Pad);
    const before = Y.encodeStateVector(p);
    p.transact(() => {
      for (let k = randInt(rand, 1, rand() < 0.8 ? 1 : 4); k > 0; k--) {
        const len = text.length;
        if (len > 0 && rand() < 0.3) {
          const at = randInt(rand, 0, len - 1);
          text.delete(at, randInt(rand, 1, Math.min(len - at, 12)));
        } else text.insert(rand() < 0.7 ? len : randInt(rand, 0, len), "abcdefgh".slice(0, randInt(rand, 1, 8)));
      }
    });
    queue.push(Y.encodeStateAsUpdate(p, before));
    // Sometimes peers sync with each other, so later edits land inside others' text.
    if (rand() < 0.3) {
      const [a, b] = [peers[randInt(rand, 0, 2)]!, peers[randInt(rand, 0, 2)]!];
      Y.applyUpdate(b, Y.encodeStateAsUpdate(a, Y.encodeStateVector(b)));
    }
    // Deliver a random queued update (out of order: Yjs holds back what it cannot integrate yet).
    if (queue.length > 0 && rand() < 0.7)
      Y.applyUpdate(target, queue.splice(randInt(rand, 0, queue.length - 1), 1)[0]!);
  }
  for (const u of queue) Y.applyUpdate(target, u);
  expect(mirror).toBe(pad.toString());
  expect(checked).toBeGreaterThan(50);
  // Only the very first insert into an empty pad has no neighbour to walk from.
  expect(tracker.slowPaths, `seed ${seed}`).toBeLessThanOrEqual(1);
};

describe("replay decoder: pad deltas", () => {
  it.each(Array.from({ length: 40 }, (_, i) => [i + 1]))(
    "[RPL1] equal Y.Text's event.delta for every update, seed %i",
    (seed) => runSeed(seed),
  );
});
