import { describe, expect, it } from 'vitest';
import { DeadlineError, formatDuration, untilAborted, withDeadline } from './deadline';

const never = <T>(): Promise<T> => new Promise<T>(() => undefined);

describe('withDeadline', () => {
  it('passes the result through when the work finishes in time', async () => {
    await expect(withDeadline('the cloud', 1000, async () => 42)).resolves.toBe(42);
  });

  it('gives up after the timeout, saying who did not answer, and aborts the work\'s signal', async () => {
    let seen: AbortSignal | undefined;
    const outcome = withDeadline('account "Backup"', 30, (signal) => {
      seen = signal;
      return never();
    });
    await expect(outcome).rejects.toThrow(new DeadlineError('account "Backup" did not answer within 30 ms'));
    expect(seen?.aborted).toBe(true);
  });

  it('stops waiting when the outer signal fires, with its reason', async () => {
    const outer = new AbortController();
    const outcome = withDeadline('the cloud', 10_000, () => never(), outer.signal);
    outer.abort(new Error('stopping'));
    await expect(outcome).rejects.toThrow('stopping');
  });

  it('a synchronous throw becomes a rejection', async () => {
    await expect(
      withDeadline('the cloud', 1000, () => {
        throw new Error('bad request');
      }),
    ).rejects.toThrow('bad request');
  });
});

describe('untilAborted', () => {
  it('rejects at once for a signal already aborted', async () => {
    const controller = new AbortController();
    controller.abort(new Error('too late'));
    await expect(untilAborted(Promise.reject(new Error('ignored')), controller.signal)).rejects.toThrow('too late');
  });
});

describe('formatDuration', () => {
  it('uses the unit a person would', () => {
    expect([500, 10_000, 5 * 60_000, 6 * 3_600_000, 3 * 86_400_000].map(formatDuration)).toEqual(['500 ms', '10 s', '5 min', '6 h', '3 days']);
  });
});
