/**
 * shareSizeFor memoises share sizes by size and encoding: every answer, first
 * or remembered, must be the share size the engine's own plan gives.
 */
import { describe, expect, it } from 'vitest';
import { planEncoding } from '../../engine/chk';
import { LITERAL_THRESHOLD } from '../../engine/chk/api';
import { shareSizeFor } from './servers-with-room';

const ENCODINGS = [
  { needed: 2, happy: 3, total: 3, maxSegmentSize: 1024 * 1024 },
  { needed: 3, happy: 7, total: 10, maxSegmentSize: 128 * 1024 },
  { needed: 1, happy: 1, total: 1, maxSegmentSize: 4096 },
  { needed: 2, happy: 2, total: 3, maxSegmentSize: 1024 * 1024 },
];

/** Sizes around every boundary that matters: the literal threshold, segment multiples, and a spread up to 300 MB. */
function sizes(): number[] {
  const out = new Set<number>();
  for (let s = 1; s <= 200; s++) out.add(s);
  for (const base of [4096, 128 * 1024, 1024 * 1024, 3 * 1024 * 1024]) for (let d = -3; d <= 3; d++) out.add(base + d);
  for (let s = 201; s < 300_000_000; s = Math.floor(s * 1.37) + 1) out.add(s);
  return [...out];
}

describe('shareSizeFor', () => {
  it('gives the engine plan’s share size for many sizes and encodings, each asked twice (computed, then remembered)', () => {
    const key = new Uint8Array(16).fill(7);
    // Over a thousand (size, encoding) pairs: more than the memo holds, so it is emptied on the way too.
    for (const encoding of ENCODINGS) {
      for (const size of sizes()) {
        const want = size <= LITERAL_THRESHOLD ? 0 : planEncoding(key, encoding, size).shareSize;
        expect(shareSizeFor(size, encoding), `${size} bytes in ${JSON.stringify(encoding)}`).toBe(want);
        expect(shareSizeFor(size, { ...encoding }), `${size} bytes in ${JSON.stringify(encoding)}, again`).toBe(want);
      }
    }
  });

  it('still refuses encodings the engine refuses, even for a size already planned in a valid one', () => {
    const good = { needed: 2, happy: 3, total: 3, maxSegmentSize: 1024 * 1024 };
    expect(shareSizeFor(100_000, good)).toBe(planEncoding(new Uint8Array(16), good, 100_000).shareSize);
    expect(() => shareSizeFor(100_000, { ...good, happy: 4 })).toThrow(RangeError);
    expect(() => shareSizeFor(100_000, { ...good, needed: 0 })).toThrow(RangeError);
  });
});
