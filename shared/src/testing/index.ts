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
