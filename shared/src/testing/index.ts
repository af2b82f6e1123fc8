/** Deterministic helpers other packages' tests import. */

/** mulberry32: tiny seeded PRNG so a failing convergence seed can be pinned and replayed. */
export const seededRandom = (seed: number): (() => number) => {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
};

export const pick = <T>(rand: () => number, items: readonly T[]): T => {
  if (items.length === 0) throw new Error("pick from empty list");
  return items[Math.floor(rand() * items.length)]!;
};

export const randInt = (rand: () => number, min: number, maxInclusive: number): number =>
  min + Math.floor(rand() * (maxInclusive - min + 1));

/**
 * An Excalidraw rectangle with every field the editor writes, as benchmarks and end-to-end tests put
 * on a board (stored as its JSON text, BRD2). `fields` overrides any of them, e.g. a random
 * `versionNonce` where a benchmark wants realistic bytes.
 */
export const rectangleElement = (
  id: string,
  i: number,
  version: number,
  x: number,
  y: number,
  fields: Record<string, unknown> = {},
): Record<string, unknown> => ({
  id,
  type: "rectangle",
  x,
  y,
  width: 160,
  height: 80,
  angle: 0,
  strokeColor: "#1e1e1e",
  backgroundColor: "transparent",
  fillStyle: "solid",
  strokeWidth: 2,
  strokeStyle: "solid",
  roughness: 1,
  opacity: 100,
  groupIds: [],
  frameId: null,
  index: `a${i.toString(36)}`,
  roundness: { type: 3 },
  seed: 1000 + i,
  version,
  versionNonce: 1000 + version,
  isDeleted: false,
  boundElements: null,
  updated: 1_700_000_000_000 + version,
  link: null,
  locked: false,
  ...fields,
});
