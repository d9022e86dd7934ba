/**
 * An upload is listed with the health a check would give it (issue 15,
 * item 7: with one account's disk full, an upload stored 4 of 5 shares, was
 * listed healthy with no word, and only a check said otherwise). A stored
 * file short of shares is degraded at once and a warning event names it.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import { parseInput } from '../../shared/api';
import type { UploadReport } from '../../engine/grid';
import { RaicService } from '../raic-service';
import { shareShortfall } from './transfers';

const ENCODING = { needed: 3, happy: 4, total: 5, maxSegmentSize: 131072 };

function report(shares: Record<string, number[]>): UploadReport {
  return {
    storageIndex: 'si',
    uploaded: Object.entries(shares).map(([serverId, shareNumbers]) => ({ serverId, shareNumbers })),
    alreadyPresent: [],
  } as unknown as UploadReport;
}

describe('shareShortfall', () => {
  it('names what a short upload lacks, and nothing for a full one', () => {
    expect(shareShortfall(report({ a: [0], b: [1], c: [2], d: [3] }), ENCODING)).toBe(
      '4 of its 5 shares (1 could not be placed: an account was full or offline); RAIC repairs it once there is room',
    );
    expect(shareShortfall(report({ a: [0], b: [1], c: [2], d: [3], e: [4] }), ENCODING)).toBeUndefined();
    // Five shares on four accounts meet happiness 4: a check calls it healthy too.
    expect(shareShortfall(report({ a: [0, 4], b: [1], c: [2], d: [3] }), ENCODING)).toBeUndefined();
  });
});

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  while (cleanups.length > 0) await cleanups.pop()!();
});

it('lists an upload with one account full with the same health a check gives it', async () => {
  const root = await mkdtemp(path.join(tmpdir(), 'raic-shortfall-'));
  cleanups.push(() => rm(root, { recursive: true, force: true }));
  const service = await RaicService.open(path.join(root, 'data'), { log: () => undefined, backupDebounceMs: 600_000 });
  cleanups.push(() => service.close());
  service.startBackground({ monitor: false });
  const full = (await service.getStatus()).accounts[0]!;
  await service.editAccount(parseInput('editAccount', { id: full.id, changes: { sizeLimitBytes: 1000 } }));
  const source = path.join(root, 'photo.jpg');
  await writeFile(source, randomBytes(200_000));
  const { jobs } = await service.uploadPaths(parseInput('uploadPaths', { sources: [source], folder: '/' }));
  await service.jobsIdle();
  const job = service.getJob(jobs[0]!.id)!;
  expect(job.state, job.error ?? '').toBe('done');
  const listed = (await service.getFile({ path: '/photo.jpg' })).health;
  const checked = await service.checkFile({ path: '/photo.jpg', verify: true });
  expect(listed).toBe(checked.health);
  const events = await service.listEvents({ kind: 'upload-degraded' });
  expect(events.length).toBe(listed === 'healthy' ? 0 : 1);
});

it('refuses a file that reports size 0 but has content, instead of storing it empty', async () => {
  const root = await mkdtemp(path.join(tmpdir(), 'raic-proc-'));
  cleanups.push(() => rm(root, { recursive: true, force: true }));
  const service = await RaicService.open(path.join(root, 'data'), { log: () => undefined, backupDebounceMs: 600_000 });
  cleanups.push(() => service.close());
  const refused = await service.uploadPaths(parseInput('uploadPaths', { sources: ['/proc/self/environ'], folder: '/' })).then(
    () => undefined,
    (error: unknown) => error as Error,
  );
  expect(refused?.message).toMatch(/says it is empty but has content/);
  const empty = path.join(root, 'empty.txt');
  await writeFile(empty, '');
  const accepted = await service.uploadPaths(parseInput('uploadPaths', { sources: [empty], folder: '/' }));
  expect(accepted.jobs).toHaveLength(1);
});
