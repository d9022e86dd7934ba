/**
 * Codec behaviour that does not need zfec: field arithmetic facts, round trips
 * from any k shares, fast paths, caching, and the errors for bad input.
 */
import { describe, expect, it } from 'vitest';
import { EXP, gfMul, INV, LOG } from './gf256';
import { buildEncodingMatrix, identity, invertInPlace, multiply } from './matrix';
import { activeKernelName, createCodec, createReferenceCodec, type ErasureCodec } from './index';
import { firstDifference, randomBlocks, seededRandom, shuffled } from '../test-support/erasure';

describe('GF(2^8) as zfec defines it', () => {
  it('reduces by x^8+x^4+x^3+x^2+1 and has alpha = 2 generating all 255 non-zero elements', () => {
    expect(gfMul(0x80, 2)).toBe(0x1d);
    expect(EXP[8]).toBe(0x1d);
    expect(new Set(EXP.subarray(0, 255)).size).toBe(255);
    for (let a = 1; a < 256; a++) {
      expect(gfMul(a, INV[a])).toBe(1);
      expect(EXP[LOG[a]]).toBe(a);
    }
  });

  it('multiplication is commutative and distributes over XOR', () => {
    const random = seededRandom(4);
    for (let i = 0; i < 2000; i++) {
      const [a, b, c] = [0, 0, 0].map(() => Math.floor(random() * 256));
      expect(gfMul(a, b)).toBe(gfMul(b, a));
      expect(gfMul(a, b ^ c)).toBe(gfMul(a, b) ^ gfMul(a, c));
    }
  });
});

describe('matrices', () => {
  it('the encoding matrix is systematic (identity on top) with every k rows invertible', () => {
    const random = seededRandom(5);
    for (const [k, n] of [[3, 10], [7, 12], [20, 40]]) {
      const matrix = buildEncodingMatrix(k, n);
      expect(firstDifference(matrix.subarray(0, k * k), identity(k))).toBe(-1);
      for (let trial = 0; trial < 10; trial++) {
        const rows = shuffled(Array.from({ length: n }, (_, i) => i), random).slice(0, k);
        const selected = new Uint8Array(k * k);
        rows.forEach((row, i) => selected.set(matrix.subarray(row * k, (row + 1) * k), i * k));
        const inverse = selected.slice();
        invertInPlace(inverse, k);
        expect(firstDifference(multiply(selected, inverse, k, k, k), identity(k))).toBe(-1);
      }
    }
  });

  it('rejects a singular matrix', () => {
    expect(() => invertInPlace(new Uint8Array([1, 2, 1, 2]), 2)).toThrow(/singular/);
  });
});

function roundTrip(codec: ErasureCodec, length: number, random: () => number, trials: number): void {
  const primary = randomBlocks(codec.k, length, random);
  const shares = codec.encode(primary);
  expect(shares.length).toBe(codec.n);
  for (let trial = 0; trial < trials; trial++) {
    const chosen = shuffled(Array.from({ length: codec.n }, (_, i) => i), random).slice(0, codec.k);
    const decoded = codec.decode(chosen.map((share) => shares[share]), chosen);
    expect(decoded.length).toBe(codec.k);
    decoded.forEach((block, i) => expect(firstDifference(block, primary[i]), `k=${codec.k} n=${codec.n} shares ${chosen}`).toBe(-1));
  }
}

describe('createCodec', () => {
  it('uses a WebAssembly SIMD kernel in this Node', () => {
    expect(activeKernelName()).toMatch(/^wasm-/);
  });

  it('rebuilds the primary blocks from any k shares, for many shapes and lengths', () => {
    const random = seededRandom(6);
    for (const [k, n] of [[1, 1], [1, 5], [2, 3], [3, 10], [6, 9], [13, 40], [64, 128], [255, 256]]) {
      for (const length of [0, 1, 31, 1000 + Math.floor(random() * 100)]) {
        roundTrip(createCodec(k, n), length, random, k > 60 ? 2 : 5);
      }
    }
  });

  it('the reference codec gives the same shares and decodes the same', () => {
    const random = seededRandom(7);
    const primary = randomBlocks(5, 777, random);
    const fast = createCodec(5, 12).encode(primary);
    const plain = createReferenceCodec(5, 12).encode(primary);
    fast.forEach((share, i) => expect(firstDifference(share, plain[i])).toBe(-1));
    roundTrip(createReferenceCodec(5, 12), 333, random, 5);
  });

  it('returns requested shares in the requested order, primary ones as the input objects', () => {
    const random = seededRandom(8);
    const codec = createCodec(4, 9);
    const primary = randomBlocks(4, 100, random);
    const all = codec.encode(primary);
    const some = codec.encode(primary, [8, 2, 5, 0]);
    expect(some.length).toBe(4);
    expect(some[1]).toBe(primary[2]);
    expect(some[3]).toBe(primary[0]);
    expect(firstDifference(some[0], all[8])).toBe(-1);
    expect(firstDifference(some[2], all[5])).toBe(-1);
    expect(codec.encode(primary, [])).toEqual([]);
  });

  it('decoding from the primary shares alone just puts them back in order', () => {
    const random = seededRandom(9);
    const codec = createCodec(3, 6);
    const primary = randomBlocks(3, 50, random);
    const decoded = codec.decode([primary[2], primary[0], primary[1]], [2, 0, 1]);
    expect(decoded[0]).toBe(primary[0]);
    expect(decoded[1]).toBe(primary[1]);
    expect(decoded[2]).toBe(primary[2]);
  });

  it('gives the same answer when the decoding matrix comes from its cache', () => {
    const random = seededRandom(10);
    const codec = createCodec(4, 8);
    for (let i = 0; i < 3; i++) {
      const primary = randomBlocks(4, 64 + i, random);
      const shares = codec.encode(primary);
      const decoded = codec.decode([shares[7], shares[5], shares[1], shares[4]], [7, 5, 1, 4]);
      decoded.forEach((block, j) => expect(firstDifference(block, primary[j])).toBe(-1));
    }
  });
});

describe('bad input', () => {
  const codec = createCodec(3, 5);
  const block = (length = 8) => new Uint8Array(length);

  it('rejects impossible parameters with a RangeError', () => {
    for (const [k, n] of [[0, 1], [2, 1], [1, 257], [3.5, 5], [-1, 3], [Number.NaN, 3], [257, 257]]) {
      expect(() => createCodec(k, n)).toThrow(RangeError);
      expect(() => createCodec(k, n)).toThrow(/1 <= k <= n <= 256/);
    }
  });

  it('encode: wrong block count, unequal lengths, non-bytes, bad share numbers', () => {
    expect(() => codec.encode([block(), block()])).toThrow(/expected 3 primary blocks.*got 2/);
    expect(() => codec.encode([block(), block(), block(), block()])).toThrow(/expected 3 primary blocks.*got 4/);
    expect(() => codec.encode([block(8), block(9), block(8)])).toThrow(/unequal lengths/);
    expect(() => codec.encode([block(), [1, 2] as unknown as Uint8Array, block()])).toThrow(/not a Uint8Array/);
    expect(() => codec.encode([block(), block(), block()], [5])).toThrow(/share number 5 is out of range/);
    expect(() => codec.encode([block(), block(), block()], [-1])).toThrow(/out of range/);
    expect(() => codec.encode([block(), block(), block()], [1.5])).toThrow(/out of range/);
    expect(() => codec.encode([block(), block(), block()], [3, 3])).toThrow(/duplicate share number 3/);
  });

  it('decode: wrong counts, unequal lengths, duplicate or out-of-range share numbers', () => {
    expect(() => codec.decode([block(), block()], [0, 1])).toThrow(/expected 3 blocks.*got 2/);
    expect(() => codec.decode([block(), block(), block()], [0, 1])).toThrow(/expected 3 share numbers.*got 2/);
    expect(() => codec.decode([block(), block(7), block()], [0, 1, 4])).toThrow(/unequal lengths/);
    expect(() => codec.decode([block(), block(), block()], [0, 4, 4])).toThrow(/duplicate share number 4/);
    expect(() => codec.decode([block(), block(), block()], [0, 1, 5])).toThrow(/share number 5 is out of range/);
  });
});
