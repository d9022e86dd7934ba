import { describe, expect, it } from 'vitest';
import { BodySizeMismatchError, bodyChunks, fixedSizePieces } from './body';
import { clipRange, httpRangeHeader } from './range';

async function all<T>(items: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const item of items) out.push(item);
  return out;
}

async function* chunksOf(...sizes: number[]) {
  let value = 0;
  for (const size of sizes) yield Uint8Array.from({ length: size }, () => value++ & 0xff);
}

describe('body helpers', () => {
  it('regroups uneven chunks into fixed-size pieces, in order, each a fresh buffer', async () => {
    const pieces = await all(fixedSizePieces(chunksOf(3, 7, 1, 9), 4));
    expect(pieces.map((piece) => piece.byteLength)).toEqual([4, 4, 4, 4, 4]);
    expect(Array.from(pieces.flatMap((piece) => Array.from(piece)))).toEqual(Array.from({ length: 20 }, (_, i) => i));
    expect(new Set(pieces.map((piece) => piece.buffer)).size).toBe(5);
    expect((await all(fixedSizePieces(chunksOf(5), 4))).map((piece) => piece.byteLength)).toEqual([4, 1]);
  });

  it('fails a streamed body that delivers fewer or more bytes than announced', async () => {
    await expect(all(bodyChunks({ size: 10, chunks: chunksOf(4, 4) }))).rejects.toBeInstanceOf(BodySizeMismatchError);
    await expect(all(bodyChunks({ size: 6, chunks: chunksOf(4, 4) }))).rejects.toBeInstanceOf(BodySizeMismatchError);
    expect((await all(bodyChunks({ size: 8, chunks: chunksOf(4, 0, 4) }))).length).toBe(2);
  });

  it('clips ranges at the end of the blob and writes HTTP Range headers', () => {
    expect(clipRange(100, undefined)).toEqual({ start: 0, end: 100 });
    expect(clipRange(100, { offset: 90, length: 50 })).toEqual({ start: 90, end: 100 });
    expect(clipRange(100, { offset: 150 })).toEqual({ start: 100, end: 100 });
    expect(() => clipRange(100, { offset: -1 })).toThrow(RangeError);
    expect(httpRangeHeader(undefined)).toBeUndefined();
    expect(httpRangeHeader({ offset: 0 })).toBeUndefined();
    expect(httpRangeHeader({ offset: 10 })).toBe('bytes=10-');
    expect(httpRangeHeader({ offset: 10, length: 5 })).toBe('bytes=10-14');
  });
});
