/**
 * Removing an account with share moving also moves the shares of earlier
 * versions and of what is in the trash (they can still be restored), records
 * where they went, and gives the old ones back on the removed account.
 * On the default grid of local folders plus a spare one.
 */
import { mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import { afterEach, expect, it } from 'vitest';
import { parseInput } from '../../shared/api';
import { RaicService } from '../raic-service';
import { listTrash, retainedOnAccount, retainedContent } from '../catalog';
import { checkGridFile } from '../health/file-check';

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  while (cleanups.length > 0) await cleanups.pop()!();
});

async function upload(service: RaicService, source: string): Promise<void> {
  const { jobs } = await service.uploadPaths(parseInput('uploadPaths', { sources: [source], folder: '/Docs', onClash: 'replace' }));
  service.startBackground({ monitor: false });
  await service.jobsIdle();
  for (const job of jobs) expect(service.getJob(job.id)?.state, service.getJob(job.id)?.error ?? '').toBe('done');
}

it('moves the shares of versions and trash items off a removed account, and releases them there', async () => {
  const root = await mkdtemp(path.join(tmpdir(), 'raic-remove-retained-'));
  cleanups.push(() => rm(root, { recursive: true, force: true }));
  const service = await RaicService.open(path.join(root, 'data'), { log: () => undefined, backupDebounceMs: 600_000 });
  cleanups.push(() => service.close());
  await service.addAccount({ provider: 'local', name: 'Spare disk', path: path.join(root, 'spare') });

  const notes = path.join(root, 'notes.txt');
  await writeFile(notes, randomBytes(120_000));
  await upload(service, notes);
  await writeFile(notes, randomBytes(90_000));
  await upload(service, notes); // the first content is now an earlier version
  const old = path.join(root, 'old.txt');
  await writeFile(old, randomBytes(60_000));
  await upload(service, old);
  await service.removeFile({ path: '/Docs/old.txt' }); // to the trash
  expect((await service.listVersions({ path: '/Docs/notes.txt' })).versions).toHaveLength(1);
  expect(listTrash(service.catalog)).toHaveLength(1);

  // Six accounts, five shares per content: some account holds shares of both the version and the trash item.
  const accounts = (await service.getStatus()).accounts;
  const target = accounts.find((a) => retainedOnAccount(service.catalog, a.id).length === 2)!;
  expect(target).toBeDefined();
  const retainedIndexes = [...retainedContent(service.catalog, 'versions'), ...retainedContent(service.catalog, 'trash')].map((r) => r.storageIndex!);
  expect(retainedIndexes).toHaveLength(2);
  const onTarget = async () =>
    (await Promise.all(retainedIndexes.map((si) => readdir(path.join(target.location, 'shares', si.slice(0, 2), si)).catch(() => [])))).flat();
  expect((await onTarget()).length).toBeGreaterThanOrEqual(2);

  const plan = await service.planAccountRemoval({ id: target.id });
  expect(plan.message).toMatch(/holds shares (only )?of 2 earlier versions or deleted files/);
  await service.removeAccount({ id: target.id, moveShares: true });

  // The catalog no longer places them on the removed account, and every share is on the others.
  expect(retainedOnAccount(service.catalog, target.id)).toEqual([]);
  const kept = [...retainedContent(service.catalog, 'versions'), ...retainedContent(service.catalog, 'trash')];
  const grid = await service.openGrid();
  expect(grid.servers.map((s) => s.serverId)).not.toContain(target.id);
  for (const entry of kept) {
    expect(entry.placements.map((p) => p.shareNumber).sort()).toEqual([0, 1, 2, 3, 4]);
    expect(entry.placements.some((p) => p.accountId === target.id)).toBe(false);
    const check = await checkGridFile(grid.servers, entry.cap, entry.encoding, { verify: true, leaseSecret: grid.leaseSecret });
    expect(check.assessment.health).toBe('healthy');
  }
  // The old shares on the removed folder were given back there.
  expect(await onTarget()).toEqual([]);
  // And both still restore.
  const version = (await service.listVersions({ path: '/Docs/notes.txt' })).versions[0]!;
  expect((await service.restoreVersion({ path: '/Docs/notes.txt', versionId: version.id })).size).toBe(120_000);
  expect((await service.restoreFromTrash({ path: '/Docs/old.txt' })).restoredTo).toBe('/Docs/old.txt');
}, 120_000);
