/**
 * A seeded pseudo-random generator (mulberry32) for the reliability tests:
 * faults and corruptions are chosen "at random" but the same seed gives the
 * same run, so a failure seen once can be replayed exactly.
 */
export interface Prng {
  /** A float in [0, 1). */
  next(): number;
  /** An integer in [0, bound). */
  int(bound: number): number;
  /** One element of a non-empty list. */
  pick<T>(items: readonly T[]): T;
  /** `length` pseudo-random bytes. */
  bytes(length: number): Buffer;
}

export function seededPrng(seed: number): Prng {
  let state = seed >>> 0;
  const next = (): number => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const int = (bound: number): number => Math.floor(next() * bound);
  return {
    next,
    int,
    pick: (items) => {
      if (items.length === 0) throw new RangeError('pick from an empty list');
      return items[int(items.length)]!;
    },
    bytes: (length) => {
      const out = Buffer.alloc(length);
      const whole = length - (length % 4);
      for (let i = 0; i < whole; i += 4) out.writeUInt32LE((next() * 4294967296) >>> 0, i);
      for (let i = whole; i < length; i++) out[i] = int(256);
      return out;
    },
  };
}
