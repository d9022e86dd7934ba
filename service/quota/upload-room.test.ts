/**
 * Placement never sends a share to an account that cannot hold it, with real
 * parts: a small tmpfs (mounted for the test; skipped visibly where mounting
 * is refused) as a local-folder account beside the default grid's folders.
 * The quota book's figures show in usage and on the account summary.
 */
import { randomBytes } from 'node:crypto';
import { mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, expect, it } from 'vitest';
import { parseInput } from '../../shared/api';
import { mountTmpfs } from '../../scripts/servers/index';
import { RaicService } from '../raic-service';

const cleanups: (() => Promise<void> | void)[] = [];
afterAll(async () => {
  while (cleanups.length > 0) await cleanups.pop()!();
});

function mountSmallDisk(size: string): { point: string } | { refused: string } {
  const disk = mountTmpfs(size);
  if ('point' in disk) cleanups.push(() => disk.unmount());
  return disk;
}

async function filesUnder(folder: string): Promise<string[]> {
  return (await readdir(folder, { recursive: true, withFileTypes: true })).filter((e) => e.isFile()).map((e) => e.name);
}

it('skips a full account, refuses with a clear message when too few have room, and shows the quota', async (test) => {
  const disk = mountSmallDisk('1m');
  if ('refused' in disk) {
    test.skip(`cannot mount a tmpfs here (${disk.refused})`);
    return;
  }
  const root = await mkdtemp(path.join(tmpdir(), 'raic-room-'));
  cleanups.push(() => rm(root, { recursive: true, force: true }));
  const service = await RaicService.open(path.join(root, 'data'), { log: () => undefined, backupDebounceMs: 600_000 });
  cleanups.push(() => service.close());
  service.startBackground({ monitor: false });

  const small = await service.addAccount(parseInput('addAccount', { provider: 'local', name: 'Small disk', path: path.join(disk.point, 'raic') }));
  const folders = (await service.getStatus()).accounts.filter((a) => a.id !== small.id);
  expect(folders).toHaveLength(5);
  // Default encoding 3-of-5, happy 4: with two folders off, the small disk would be needed.
  await service.setAccountEnabled({ id: folders[0]!.id, enabled: false });
  await service.setAccountEnabled({ id: folders[1]!.id, enabled: false });

  const status = await service.getStatus();
  const space = status.accounts.find((a) => a.id === small.id)!.space;
  expect(space?.totalBytes).toBe(1 << 20);
  expect(space?.freeBytes).toBeGreaterThan(900_000);
  const usage = await service.getUsage({});
  expect(usage.accounts.find((a) => a.id === small.id)).toMatchObject({ quotaBytes: 1 << 20 });

  const source = path.join(root, 'video.bin');
  await writeFile(source, randomBytes(6_000_000)); // shares of about 2 MB each
  const first = await service.uploadPaths(parseInput('uploadPaths', { sources: [source], folder: '/' }));
  await service.jobsIdle();
  const refused = service.getJob(first.jobs[0]!.id)!;
  expect(refused.state).toBe('failed');
  expect(refused.error).toMatch(/^Not enough accounts have room for this file: each of its shares needs 1\.9 MiB, and only 3 of your 4 accounts have that much free, but 4 are needed\. Full: Small disk \(/);
  expect(refused.error).toMatch(/add an account; nothing was stored\.$/);
  expect(await filesUnder(path.join(disk.point, 'raic'))).toEqual(expect.not.arrayContaining([expect.stringMatching(/^\d+$/)]));

  await service.setAccountEnabled({ id: folders[0]!.id, enabled: true });
  const second = await service.uploadPaths(parseInput('uploadPaths', { sources: [source], folder: '/' }));
  await service.jobsIdle();
  const stored = service.getJob(second.jobs[0]!.id)!;
  expect(stored.state, stored.error ?? '').toBe('done');
  const file = await service.getFile({ path: '/video.bin' });
  expect(file.placements.map((p) => p.accountId)).not.toContain(small.id);
  expect(file.placements).toHaveLength(4);
});
