/**
 * A folder account on a disk that is unplugged while its mount point stays
 * (an empty folder on the computer's own disk): RAIC must not start a new
 * store there. Real service, real folders of the default grid.
 */
import { mkdir, mkdtemp, readdir, rename, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import { afterEach, expect, it } from 'vitest';
import { parseInput } from '../../shared/api';
import { RaicService } from '../raic-service';

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  while (cleanups.length > 0) await cleanups.pop()!();
});

it('stores nothing in the empty folder an unplugged disk leaves, says why, and stores the file on the other accounts', async () => {
  const root = await mkdtemp(path.join(tmpdir(), 'raic-unplugged-'));
  cleanups.push(() => rm(root, { recursive: true, force: true }));
  const service = await RaicService.open(path.join(root, 'data'), { log: () => undefined, backupDebounceMs: 600_000 });
  cleanups.push(() => service.close());
  service.startBackground({ monitor: false });
  const upload = async (name: string) => {
    const source = path.join(root, name);
    await writeFile(source, randomBytes(200_000));
    const { jobs } = await service.uploadPaths(parseInput('uploadPaths', { sources: [source], folder: '/' }));
    await service.jobsIdle();
    return service.getJob(jobs[0]!.id)!;
  };
  expect((await upload('before.jpg')).state).toBe('done');

  const runtime = (await service.openAccounts()).runtimes[0]!;
  const folder = String(runtime.account.settings.path);
  // The disk goes: everything on it goes, the folder it was mounted on stays, empty.
  await rename(folder, `${folder}-on-the-unplugged-disk`);
  await mkdir(folder);

  await expect(runtime.probe()).rejects.toThrow(`the storage folder ${folder} has none of the shares stored there before: is the disk plugged in?`);
  const job = await upload('after.jpg');
  expect(job.state, job.error ?? '').toBe('done');
  expect(await readdir(folder)).toEqual([]);
  // Stored on the other four accounts (five shares over four accounts still meet the default grid's happiness).
  expect((await service.getFile({ path: '/after.jpg' })).health).toBe('healthy');
  // The unplugged account still counts the one share of the first file only.
  const unplugged = (await service.getStatus()).accounts.find((account) => account.id === runtime.account.id);
  expect(unplugged?.shareCount).toBe(1);
});
