import { randomBytes } from 'node:crypto';
import { expect, it } from 'vitest';
import { CtrStream } from './aes-ctr';
import { segmentProcessor } from './segment-workers';
import { blockHash, crypttextSegmentHasher } from './tagged-hash';

it('hashes and decrypts a segment on the worker exactly as this thread does, at an offset that is not a multiple of 16', async () => {
  const key = randomBytes(16);
  const blocks = [randomBytes(3333), randomBytes(3333), randomBytes(3333)];
  const length = 3333 * 3 - 5; // the tail segment's last block is padded
  const offset = 3 * 9999 + 7;
  const process = segmentProcessor(key);
  // Several at once, as a download keeps them in flight: each reply goes to its own segment.
  const results = await Promise.all([0, 1, 2, 3].map((i) => process(blocks, length, offset + i * 9999)));
  const crypttext = Buffer.concat(blocks).subarray(0, length);
  const segmentHasher = crypttextSegmentHasher();
  segmentHasher.update(crypttext);
  const segmentHash = segmentHasher.digest();
  results.forEach((result, i) => {
    expect(result.hashes.slice(0, 3).map((h) => Buffer.from(h).toString('hex'))).toEqual(blocks.map((b) => Buffer.from(blockHash(b)).toString('hex')));
    expect(Buffer.from(result.hashes[3]).equals(Buffer.from(segmentHash))).toBe(true);
    const plain = new CtrStream(key, offset + i * 9999).apply(crypttext);
    expect(Buffer.from(result.plain).equals(Buffer.from(plain))).toBe(true);
  });
  // The caller's blocks were only read.
  expect(blocks.every((block) => block.length === 3333)).toBe(true);
});
