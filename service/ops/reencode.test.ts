/**
 * The re-encode notice's operations on a real service (default grid of local
 * folders): files stored with an older encoding are counted, queued once
 * (a second start while they wait queues nothing), and once the jobs ran
 * every file uses the grid's encoding and the count is 0.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, expect, it } from 'vitest';
import { RaicService } from '../raic-service';

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

it('counts files with an older encoding, queues each once, and reaches 0 when the jobs are done', async () => {
  const root = await mkdtemp(path.join(tmpdir(), 'raic-reencode-'));
  cleanups.push(() => rm(root, { recursive: true, force: true }));
  const service = await RaicService.open(path.join(root, 'data'), { log: () => undefined, backupDebounceMs: 60_000 });
  cleanups.push(() => service.close());
  const sources = [];
  for (const [name, size] of [['a.bin', 90_000], ['b.bin', 70_000]] as const) {
    const file = path.join(root, name);
    await writeFile(file, Buffer.alloc(size, name.charCodeAt(0)));
    sources.push(file);
  }
  await service.uploadPaths({ sources, folder: '/docs' });
  service.startBackground({ monitor: false });
  await service.jobsIdle();
  expect(await service.getReencodeStatus({})).toEqual({ encoding: { needed: 3, total: 5 }, oldFiles: 0, oldBytes: 0, reencoding: 0, failed: 0 });

  await service.setEncoding({ encoding: { needed: 2, happy: 4, total: 5 } });
  const before = await service.getReencodeStatus({});
  expect(before).toMatchObject({ encoding: { needed: 2, total: 5 }, oldFiles: 2, oldBytes: 160_000 });

  const first = await service.startReencode({});
  const second = await service.startReencode({});
  expect(first.queued + second.queued).toBe(2);
  const reencodeJobs = (await service.listJobs({})).filter((job) => job.kind === 'reencode');
  expect(reencodeJobs).toHaveLength(2);

  await service.jobsIdle();
  expect(await service.getReencodeStatus({})).toEqual({ encoding: { needed: 2, total: 5 }, oldFiles: 0, oldBytes: 0, reencoding: 0, failed: 0 });
  const files = (await service.listFiles({ folder: '/docs' })).files;
  expect(files.map((f) => [f.name, f.encoding.needed, f.encoding.total])).toEqual([
    ['a.bin', 2, 5],
    ['b.bin', 2, 5],
  ]);
  expect((await service.startReencode({})).message).toBe('Every stored file already uses 2-of-5; there is nothing to re-encode.');
});
