import { describe, expect, it } from "vitest";
import * as Y from "yjs";
import { DocKey, StarterElement } from "@mockroom/shared";
import {
  insertStarter,
  shouldInsertStarter,
  STARTER_OFFSET,
  stabilize,
  stableInt,
  starterIdPrefix,
  starterSkeletons,
  type ConvertedElement,
} from "./starter.ts";

const STARTER = StarterElement.array().parse([
  { type: "rectangle", x: 0, y: 0, width: 200, height: 70, text: "Mobile clients" },
  { type: "arrow", x: 200, y: 35, width: 100, height: 0 },
  { type: "ellipse", x: 300, y: 0, width: 200, height: 70 },
  { type: "text", x: 0, y: 120, width: 100, height: 20, text: "Latency budget: 100 ms" },
]);
const PREFIX = starterIdPrefix("Rm0123456789abcdefXYZ", 2);

/**
 * What `convertToExcalidrawElements` returns for the skeletons (it needs a DOM, so the browser
 * test covers the real call): the skeletons' ids, plus a label text element with a random id for
 * each labelled shape, bound both ways, with random nonces and seeds.
 */
const convertedLikeExcalidraw = (rand: () => number): (ConvertedElement & { type: string })[] =>
  starterSkeletons(STARTER, PREFIX).flatMap((sk): (ConvertedElement & { type: string })[] => {
    const base = { id: sk.id, type: sk.type, version: 2, versionNonce: rand(), seed: rand() };
    if (!("label" in sk) || !sk.label) return [{ ...base, boundElements: null }];
    const label = `rnd${rand()}`;
    return [
      { ...base, boundElements: [{ id: label, type: "text" }] },
      { id: label, type: "text", version: 3, versionNonce: rand(), seed: rand(), containerId: sk.id },
    ];
  });

const seeded = (seed: number) => () => (seed = (seed * 16807) % 2147483647);

describe("starter diagram", () => {
  it("[BRD1] maps each starter element to a skeleton with an id from room, round and position", () => {
    const sk = starterSkeletons(STARTER, PREFIX);
    expect(sk.map((s) => s.id)).toEqual([0, 1, 2, 3].map((i) => `${PREFIX}-${i}`));
    expect(sk[0]).toEqual({
      type: "rectangle",
      id: `${PREFIX}-0`,
      x: STARTER_OFFSET.x,
      y: STARTER_OFFSET.y,
      width: 200,
      height: 70,
      label: { text: "Mobile clients" },
    });
    // A horizontal arrow keeps its zero height (the converter would otherwise default it to 100).
    expect(sk[1]).toMatchObject({
      type: "arrow",
      width: 100,
      height: 0,
      points: [
        [0, 0],
        [100, 0],
      ],
    });
    expect(sk[1]).toMatchObject({ x: 200 + STARTER_OFFSET.x, y: 35 + STARTER_OFFSET.y });
    expect(sk[3]).toEqual({
      type: "text",
      id: `${PREFIX}-3`,
      x: STARTER_OFFSET.x,
      y: 120 + STARTER_OFFSET.y,
      text: "Latency budget: 100 ms",
    });
    // Ids fit the board codec's limit.
    for (const s of sk) expect(`${s.id}t`.length).toBeLessThanOrEqual(64);
  });

  it("[BRD1] two browsers' conversions become identical: label ids, bindings, nonces and seeds", () => {
    const a = stabilize(convertedLikeExcalidraw(seeded(1)), PREFIX);
    const b = stabilize(convertedLikeExcalidraw(seeded(99)), PREFIX);
    expect(a).toEqual(b);
    const label = a.find((e) => e.containerId);
    expect(label?.id).toBe(`${PREFIX}-0t`);
    expect(label?.containerId).toBe(`${PREFIX}-0`);
    expect(a.find((e) => e.id === `${PREFIX}-0`)?.boundElements).toEqual([{ id: `${PREFIX}-0t`, type: "text" }]);
    expect(a.every((e) => e.versionNonce === stableInt(`${e.id}:nonce`))).toBe(true);
  });

  it("[BRD1] concurrent inserts from two interviewers collapse into one copy of each element", () => {
    const docA = new Y.Doc();
    const docB = new Y.Doc();
    const elements = (seed: number) => stabilize(convertedLikeExcalidraw(seeded(seed)), PREFIX);
    const encode = (e: ConvertedElement) => structuredClone(e) as unknown as Record<string, unknown>;
    // Both see an empty board and insert before hearing from each other.
    expect(insertStarter(docA.getMap(DocKey.Board), elements(5), encode)).toBe(true);
    expect(insertStarter(docB.getMap(DocKey.Board), elements(7), encode)).toBe(true);
    Y.applyUpdate(docA, Y.encodeStateAsUpdate(docB));
    Y.applyUpdate(docB, Y.encodeStateAsUpdate(docA));
    const mapA = docA.getMap(DocKey.Board);
    expect(mapA.size).toBe(5); // 4 elements + 1 label
    expect(mapA.toJSON()).toEqual(docB.getMap(DocKey.Board).toJSON());
  });

  it("[BRD1] never inserts onto a board that has anything, even a tombstone", () => {
    const doc = new Y.Doc();
    const map = doc.getMap<unknown>(DocKey.Board);
    map.set("x", { id: "x", isDeleted: true });
    const encode = (e: ConvertedElement) => ({ ...e });
    expect(insertStarter(map, stabilize(convertedLikeExcalidraw(seeded(3)), PREFIX), encode)).toBe(false);
    expect(map.size).toBe(1);
  });

  it("[BRD1] only an interviewer's synced client with the font loaded inserts, and only with a starter", () => {
    const ok = { isInterviewer: true, synced: true, fontReady: true, boardEntries: 0, starter: STARTER };
    expect(shouldInsertStarter(ok)).toBe(true);
    expect(shouldInsertStarter({ ...ok, isInterviewer: false })).toBe(false);
    expect(shouldInsertStarter({ ...ok, synced: false })).toBe(false);
    expect(shouldInsertStarter({ ...ok, fontReady: false })).toBe(false);
    expect(shouldInsertStarter({ ...ok, boardEntries: 1 })).toBe(false);
    expect(shouldInsertStarter({ ...ok, starter: undefined })).toBe(false);
  });
});
