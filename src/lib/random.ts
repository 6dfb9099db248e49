/** A small seeded PRNG (mulberry32): the sandboxes' data and faults repeat for a given seed. */
export interface Random {
  /** A float in [0, 1). */
  next(): number;
  int(minInclusive: number, maxInclusive: number): number;
  pick<T>(items: readonly T[]): T;
  chance(probability: number): boolean;
}

export function seededRandom(seed: number): Random {
  let state = seed >>> 0;
  const next = () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return {
    next,
    int: (min, max) => min + Math.floor(next() * (max - min + 1)),
    pick: (items) => {
      if (items.length === 0) throw new RangeError('pick from an empty list');
      // eslint-disable-next-line @typescript-eslint/no-unsafe-type-assertion -- the index is within 0..length-1 (checked non-empty above); T itself may include undefined
      return items[Math.floor(next() * items.length)] as (typeof items)[number];
    },
    chance: (p) => p > 0 && next() < p,
  };
}
