/**
 * The recovery backup keeps up with a busy grid: with changes arriving faster
 * than the debounce, it is still published within the ceiling after the first
 * unpublished change (a plain debounce would wait until the changes stop).
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { RaicService } from './raic-service';
import { BoundedDebounce } from './bounded-debounce';

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  while (cleanups.length > 0) await cleanups.pop()!();
});

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('BoundedDebounce', () => {
  afterEach(() => void vi.useRealTimers());

  it('runs after a quiet spell, and at the ceiling while pokes keep coming', () => {
    vi.useFakeTimers();
    const runs: number[] = [];
    const start = Date.now();
    const debounce = new BoundedDebounce(() => runs.push(Date.now() - start), 200, 600);
    // 1 s of pokes every 50 ms: never quiet for 200 ms, so only the 600 ms ceiling fires in it.
    for (let i = 0; i < 20; i++) {
      debounce.poke();
      vi.advanceTimersByTime(50);
    }
    expect(runs).toEqual([600]);
    // The pokes after that run fire 200 ms after the last one.
    vi.advanceTimersByTime(1000);
    expect(runs).toEqual([600, 1150]);
    debounce.poke();
    debounce.cancel();
    vi.advanceTimersByTime(1000);
    expect(runs).toHaveLength(2);
  });
});

describe('the catalog backup under steady activity', () => {
  it('is published within the ceiling while folders are created every 100 ms', async () => {
    const dataDir = await mkdtemp(path.join(tmpdir(), 'raic-backup-busy-'));
    cleanups.push(() => rm(dataDir, { recursive: true, force: true }));
    const service = await RaicService.open(dataDir, { log: () => undefined, backupDebounceMs: 500, backupMaxWaitMs: 1500 });
    cleanups.push(() => service.close());
    const seqBefore = (await service.getStatus()).recovery.seq;
    const started = Date.now();
    for (let i = 0; Date.now() - started < 6000; i++) {
      await service.createFolder({ path: `/busy/${i}` });
      await sleep(100);
    }
    const status = await service.getStatus();
    // The changes never paused for 500 ms, yet the backup was stored at least twice in 6 s.
    expect(status.recovery.seq - seqBefore).toBeGreaterThanOrEqual(2);
    expect(Date.now() - status.recovery.lastPublishedAt!).toBeLessThan(4000);
  }, 30_000);
});
