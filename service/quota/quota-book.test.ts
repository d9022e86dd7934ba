/** The quota book's timing: one question per refresh period, failures retried after a minute, RAIC's own writes taken off. */
import { describe, expect, it } from 'vitest';
import { QUOTA_REFRESH_MS, QUOTA_RETRY_MS, QuotaBook } from './quota-book';

function counted(answers: Array<() => Promise<{ totalBytes?: number; freeBytes?: number }>>) {
  let asked = 0;
  return {
    source: { account: { id: 'a' }, quota: () => answers[Math.min(asked++, answers.length - 1)]!() },
    asked: () => asked,
  };
}

describe('QuotaBook', () => {
  it('asks once per refresh period, and once for callers asking together', async () => {
    let now = 1_000;
    const book = new QuotaBook(() => now);
    const { source, asked } = counted([async () => ({ totalBytes: 100, freeBytes: 60 })]);
    await Promise.all([book.fresh(source), book.fresh(source), book.fresh(source)]);
    expect(asked()).toBe(1);
    now += QUOTA_REFRESH_MS - 1;
    await book.fresh(source);
    expect(asked()).toBe(1);
    now += 1;
    await book.fresh(source);
    expect(asked()).toBe(2);
  });

  it('takes what RAIC wrote off the free space until the provider is asked again', async () => {
    let now = 0;
    const book = new QuotaBook(() => now);
    const { source } = counted([async () => ({ totalBytes: 100, freeBytes: 60 }), async () => ({ totalBytes: 100, freeBytes: 35 })]);
    await book.fresh(source);
    book.noteWritten('a', 25);
    expect(book.freeBytes('a')).toBe(35);
    book.noteWritten('a', 50);
    expect(book.freeBytes('a')).toBe(0);
    now += QUOTA_REFRESH_MS;
    await book.fresh(source);
    expect(book.freeBytes('a')).toBe(35);
  });

  it('keeps the last good figures after a failure, says why, and asks again after a minute', async () => {
    let now = 0;
    const book = new QuotaBook(() => now);
    const { source, asked } = counted([
      async () => ({ totalBytes: 100, freeBytes: 60 }),
      async () => {
        throw new Error('the drive remote refused rclone\'s sign-in');
      },
      async () => ({ totalBytes: 100, freeBytes: 50 }),
    ]);
    await book.fresh(source);
    now += QUOTA_REFRESH_MS;
    const failed = await book.fresh(source);
    expect(failed).toMatchObject({ problem: "the drive remote refused rclone's sign-in", quota: { freeBytes: 60 } });
    now += QUOTA_RETRY_MS - 1;
    await book.fresh(source);
    expect(asked()).toBe(2);
    now += 1;
    expect((await book.fresh(source)).problem).toBeUndefined();
    expect(book.freeBytes('a')).toBe(50);
  });

  it('waits for slow providers only as long as asked', async () => {
    const book = new QuotaBook();
    const slow = { account: { id: 'slow' }, quota: () => new Promise<{ freeBytes: number }>((resolve) => setTimeout(() => resolve({ freeBytes: 1 }), 300)) };
    const started = performance.now();
    await book.freshAll([slow], 20);
    expect(performance.now() - started).toBeLessThan(250);
    expect(book.current('slow')).toBeUndefined();
    // The question is still under way: the next caller does not wait for it again.
    const again = performance.now();
    await book.freshAll([slow], 200);
    expect(performance.now() - again).toBeLessThan(100);
    await book.fresh(slow);
    expect(book.freeBytes('slow')).toBe(1);
  });
});
