/**
 * Byte-for-byte compatibility with zfec, checked against the real thing:
 * Debian's python3-zfec (the C library Tahoe-LAFS uses), driven through
 * /usr/bin/python3 with data exchanged in temporary files.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCodec, createReferenceCodec, type ErasureCodec } from './index';
import { SYSTEM_PYTHON } from './bench-helpers';
import { concat, firstDifference, randomBlocks, seededRandom, shuffled, split } from '../test-support/erasure';

interface ZfecCase {
  k: number;
  n: number;
  length: number;
  /** Share-number sets to decode from, in the order given (not sorted). */
  subsets: number[][];
}

// For every case Python encodes the input with zfec, and decodes each subset
// of *our* shares with zfec; results go to files for the test to compare.
// zfec.Decoder crashes the Python process (segfault) when k = 256 (seen with
// Debian's zfec 1.5.2), so zfec decoding is only asked for k <= 255. At k = 256,
// n must be 256 too: every share is a primary block and decoding is a reordering.
const ZFEC_DECODER_MAX_K = 255;

const ZFEC_DRIVER = `
import json, sys, zfec
ZFEC_DECODER_MAX_K = ${ZFEC_DECODER_MAX_K}
cases = json.load(open(sys.argv[1]))
for case in cases:
    k, n, length = case["k"], case["n"], case["length"]
    data = open(case["input"], "rb").read()
    primary = [data[i * length:(i + 1) * length] for i in range(k)]
    with open(case["zfecShares"], "wb") as out:
        for block in zfec.Encoder(k, n).encode(primary):
            out.write(block)
    ours = open(case["ourShares"], "rb").read()
    shares = [ours[i * length:(i + 1) * length] for i in range(n)]
    decoder = zfec.Decoder(k, n)
    with open(case["zfecDecoded"], "wb") as out:
        for subset in (case["subsets"] if k <= ZFEC_DECODER_MAX_K else []):
            for block in decoder.decode([shares[s] for s in subset], subset):
                out.write(block)
`;

function requireZfec(): void {
  const probe = spawnSync(SYSTEM_PYTHON, ['-c', 'import zfec'], { encoding: 'utf8' });
  if (probe.status !== 0) {
    throw new Error(
      `Debian's python3-zfec is required for the zfec compatibility tests but \`${SYSTEM_PYTHON} -c 'import zfec'\` failed ` +
        `(${probe.error?.message ?? probe.stderr.trim()}). Install it with: apt-get install python3-zfec`,
    );
  }
}

/** Chooses decode subsets: random, all-parity (when there are k parity shares), primary-only, and mixed. */
function subsetsFor(k: number, n: number, random: () => number): number[][] {
  const all = Array.from({ length: n }, (_, i) => i);
  const parity = all.slice(k);
  const subsets = [shuffled(all, random).slice(0, k), shuffled(all, random).slice(0, k)];
  if (parity.length >= k) subsets.push(shuffled(parity, random).slice(0, k));
  subsets.push(shuffled(all.slice(0, k), random));
  if (parity.length > 0 && k > 1) {
    // One parity share standing in for one missing primary block.
    const primaries = shuffled(all.slice(0, k), random).slice(0, k - 1);
    subsets.push(shuffled([...primaries, parity[Math.floor(random() * parity.length)]], random));
  }
  return subsets;
}

const SHAPES: Array<[number, number]> = [
  [1, 1], [1, 3], [2, 3], [3, 10], [7, 12], [16, 32], [50, 100], [100, 256], [256, 256],
  [2, 2], [4, 5], [5, 255], [128, 256], [200, 210], [25, 50],
];

describe('compatibility with python3-zfec', () => {
  const random = seededRandom(0x5eed2fec);
  const cases: Array<ZfecCase & { primary: Uint8Array[] }> = [];
  for (const [k, n] of SHAPES) {
    // Odd lengths and non-multiples of 16 throughout, plus blocks long enough to
    // span several of the SIMD host's column chunks.
    const lengths = [1 + Math.floor(random() * 40), 17 + Math.floor(random() * 3000)];
    if (k <= 16) lengths.push(100_003 + Math.floor(random() * 20_000));
    for (const length of lengths) {
      cases.push({ k, n, length, subsets: subsetsFor(k, n, random), primary: randomBlocks(k, length, random) });
    }
  }

  let workDir = '';
  const zfecShares: Uint8Array[][] = [];
  const zfecDecoded: Uint8Array[][][] = [];
  const ourShares: Uint8Array[][] = [];

  beforeAll(() => {
    requireZfec();
    workDir = mkdtempSync(path.join(tmpdir(), 'raic-zfec-'));
    const manifest = cases.map((testCase, i) => {
      const shares = createCodec(testCase.k, testCase.n).encode(testCase.primary);
      ourShares.push(shares);
      const file = (name: string) => path.join(workDir, `${i}.${name}`);
      writeFileSync(file('input'), concat(testCase.primary));
      writeFileSync(file('ours'), concat(shares));
      return { k: testCase.k, n: testCase.n, length: testCase.length, subsets: testCase.subsets, input: file('input'), ourShares: file('ours'), zfecShares: file('zfec'), zfecDecoded: file('decoded') };
    });
    const manifestFile = path.join(workDir, 'cases.json');
    writeFileSync(manifestFile, JSON.stringify(manifest));
    const run = spawnSync(SYSTEM_PYTHON, ['-c', ZFEC_DRIVER, manifestFile], { encoding: 'utf8' });
    if (run.status !== 0) throw new Error(`zfec driver failed: ${run.stderr || run.error?.message}`);
    manifest.forEach((entry, i) => {
      const { k, n, length, subsets } = cases[i];
      zfecShares.push(split(readFileSync(entry.zfecShares), n, length));
      const decodedSubsets = k <= ZFEC_DECODER_MAX_K ? subsets.length : 0;
      const decoded = split(readFileSync(entry.zfecDecoded), decodedSubsets * k, length);
      zfecDecoded.push(subsets.slice(0, decodedSubsets).map((_, s) => decoded.slice(s * k, (s + 1) * k)));
    });
  });

  afterAll(() => {
    if (workDir) rmSync(workDir, { recursive: true, force: true });
  });

  const codecs: Array<[string, (k: number, n: number) => ErasureCodec]> = [
    ['default (SIMD) codec', createCodec],
    ['reference codec', createReferenceCodec],
  ];

  it('zfec decodes the shares encoded here, from every subset tried (including all-parity ones)', () => {
    let checked = 0;
    cases.forEach((testCase, i) => {
      expect(zfecDecoded[i].length).toBe(testCase.k <= ZFEC_DECODER_MAX_K ? testCase.subsets.length : 0);
      zfecDecoded[i].forEach((blocks, s) => {
        const subset = testCase.subsets[s];
        checked++;
        expect(firstDifference(concat(blocks), concat(testCase.primary)), `k=${testCase.k} n=${testCase.n} length=${testCase.length} subset=${subset}`).toBe(-1);
      });
    });
    expect(checked).toBeGreaterThan(cases.length * 3);
  });

  for (const [name, makeCodec] of codecs) {
    it(`${name}: every share equals zfec's byte for byte`, () => {
      cases.forEach((testCase, i) => {
        const ours = makeCodec(testCase.k, testCase.n).encode(testCase.primary);
        ours.forEach((share, shareNumber) => {
          expect(firstDifference(share, zfecShares[i][shareNumber]), `k=${testCase.k} n=${testCase.n} length=${testCase.length} share ${shareNumber}`).toBe(-1);
        });
      });
    });

    it(`${name}: decodes shares zfec encoded, from every subset tried`, () => {
      cases.forEach((testCase, i) => {
        const codec = makeCodec(testCase.k, testCase.n);
        for (const subset of testCase.subsets) {
          const decoded = codec.decode(subset.map((share) => zfecShares[i][share]), subset);
          expect(decoded.length).toBe(testCase.k);
          decoded.forEach((block, j) => {
            expect(firstDifference(block, testCase.primary[j]), `k=${testCase.k} n=${testCase.n} length=${testCase.length} subset=${subset} block ${j}`).toBe(-1);
          });
        }
      });
    });
  }

  it('the shares encoded once in beforeAll are the ones zfec was given', () => {
    // Guards the test itself: ourShares must equal what zfec compared against.
    cases.forEach((testCase, i) => expect(firstDifference(concat(ourShares[i]), concat(zfecShares[i]))).toBe(-1));
  });
});
