/**
 * The ZIP download's read-ahead: the next small files are read while the
 * current one is written, never more than the limits, big files are left to
 * stream in their turn, and a file cut short replays as the read did.
 */
import { describe, expect, it } from 'vitest';
import { ReadAhead, readWhole, replay, type FetchedFile } from './zip-read-ahead';

const limits = { files: 3, bytes: 250, fileBytes: 100 };

/** A ReadAhead whose fetches are recorded and finish only when told. */
function recorded(sizes: number[]) {
  const started: number[] = [];
  const finish = new Map<number, (file: FetchedFile) => void>();
  const ahead = new ReadAhead(
    sizes,
    (index) => {
      started.push(index);
      return new Promise<FetchedFile>((resolve) => finish.set(index, resolve));
    },
    limits,
  );
  return { ahead, started, finish };
}

describe('ReadAhead', () => {
  it('reads the next small files ahead up to the count of files', () => {
    const { ahead, started } = recorded([10, 10, 10, 10, 10, 10, 10]);
    expect(ahead.take(0)).toBeUndefined(); // the first one streams: nothing was read ahead yet
    expect(started).toEqual([1, 2, 3]);
    expect(ahead.take(1)).toBeDefined();
    expect(started).toEqual([1, 2, 3, 4]);
    ahead.take(2);
    ahead.take(3);
    expect(started).toEqual([1, 2, 3, 4, 5, 6]);
  });

  it('holds no more bytes ahead than its budget and leaves big files to stream', () => {
    const { ahead, started } = recorded([10, 90, 90, 500, 90, 90]);
    ahead.take(0);
    // 90 + 90 fit in 250, the big one is skipped, the next 90 would pass 250.
    expect(started).toEqual([1, 2]);
    ahead.take(1);
    expect(started).toEqual([1, 2, 4]);
    ahead.take(2);
    expect(started).toEqual([1, 2, 4, 5]);
    expect(ahead.take(3)).toBeUndefined(); // the big file streams now
    expect(ahead.take(4)).toBeDefined();
    expect(ahead.take(5)).toBeDefined();
  });

  it('streams a file the budget kept from being read ahead', () => {
    const { ahead, started } = recorded([100, 100, 100, 100]);
    ahead.take(0);
    expect(started).toEqual([1, 2]);
    ahead.take(1);
    expect(started).toEqual([1, 2, 3]);
    expect(ahead.take(2)).toBeDefined();
    expect(ahead.take(3)).toBeDefined();
  });
});

describe('readWhole and replay', () => {
  it('give back the chunks in order, and the failure after the chunks that came', async () => {
    async function* cutShort(): AsyncGenerator<Uint8Array> {
      yield new Uint8Array([1]);
      yield new Uint8Array([2]);
      throw new Error('account went away');
    }
    const fetched = readWhole(cutShort());
    const seen: number[] = [];
    await expect(
      (async () => {
        for await (const chunk of replay(fetched)) seen.push(...chunk);
      })(),
    ).rejects.toThrow('account went away');
    expect(seen).toEqual([1, 2]);
  });
});
