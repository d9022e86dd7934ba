/**
 * A seeded pseudo-random generator for the reliability tests: faults and
 * corruptions are chosen "at random" but the same seed gives the same run,
 * so a failure seen once can be replayed exactly. The generator itself is
 * the erasure tests' mulberry32; this adds the picks the tests need.
 */
import { seededRandom } from '../../engine/test-support/erasure';

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
  const next = seededRandom(seed);
  const int = (bound: number): number => Math.floor(next() * bound);
  return {
    next,
    int,
    pick: (items) => {
      if (items.length === 0) throw new RangeError('pick from an empty list');
      return items[int(items.length)]!;
    },
    bytes: (length) => {
      // Four bytes per draw: the fault tests generate megabytes.
      const out = Buffer.alloc(length);
      const whole = length - (length % 4);
      for (let i = 0; i < whole; i += 4) out.writeUInt32LE((next() * 4294967296) >>> 0, i);
      for (let i = whole; i < length; i++) out[i] = int(256);
      return out;
    },
  };
}
