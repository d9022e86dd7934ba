import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { computeConvergentKey, encodeChk, formatCap, planEncoding, type ByteSource, type ShareSink } from './index';

interface Vector {
  convergence: string;
  required: number;
  total: number;
  segmentSize: number;
  sample: { seed: string; length: number };
  expected: string;
}

const fixture = fileURLToPath(new URL('../test-fixtures/tahoe-vectors/chk.yaml', import.meta.url));
const vectors = (parse(readFileSync(fixture, 'utf8')) as { vectors: Vector[] }).vectors;

function samplePlaintext(seedBase64: string, length: number): Uint8Array {
  const seed = Buffer.from(seedBase64, 'base64');
  const out = Buffer.alloc(length);
  for (let offset = 0; offset < length; offset += seed.length) seed.copy(out, offset, 0, Math.min(seed.length, length - offset));
  return out;
}

function memorySource(data: Uint8Array): ByteSource {
  return { size: data.length, read: async (offset, length) => data.subarray(offset, offset + length) };
}

/** The vectors only pin the cap, so shares are counted but not kept. */
const discardingSink: ShareSink = { write: async () => undefined };

describe('Tahoe-LAFS published CHK vectors', () => {
  it('has all 60 vectors', () => {
    expect(vectors).toHaveLength(60);
  });

  it.each(vectors.map((v, i) => [i, `${v.required}-of-${v.total}, ${v.sample.length} bytes`, v] as const))(
    'vector %i (%s) produces the expected cap',
    async (_index, _label, vector) => {
      const plaintext = samplePlaintext(vector.sample.seed, vector.sample.length);
      const params = { needed: vector.required, total: vector.total, happy: 1, maxSegmentSize: vector.segmentSize };
      const source = memorySource(plaintext);
      const key = await computeConvergentKey(source, params, Buffer.from(vector.convergence, 'base64'));
      const plan = planEncoding(key, params, plaintext.length);
      // Both hashing paths (worker thread and inline) must give Tahoe-LAFS's cap.
      const [inWorker, inline] = await Promise.all([
        encodeChk(plan, source, discardingSink, { hashInWorker: true }),
        encodeChk(plan, source, discardingSink, { hashInWorker: false }),
      ]);
      expect(formatCap(inWorker.readCap)).toBe(vector.expected);
      expect(formatCap(inline.readCap)).toBe(vector.expected);
    },
  );
});
