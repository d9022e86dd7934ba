/**
 * Issue 17's acceptance for failure domains, through the commands a user
 * runs: the default grid (five folders in the data dir, so on one disk) is
 * one domain with tolerance 0; a folder on another file system (a tmpfs
 * mounted for the test) makes a second domain.
 */
import { randomBytes } from 'node:crypto';
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, expect, it } from 'vitest';
import type { AccountSummary, FolderListing, GridRobustnessReport } from '../../shared/api';
import { mountTmpfs, type MountedTmpfs } from '../../scripts/servers/index';
import { runCaptured, useTempRoot } from '../test-support/run-captured';
import { run as account } from './account';
import { run as robustness } from './robustness';
import { run as upload } from './upload';
import { run as ls } from './ls';
import { RaicService } from '../../service/raic-service';
import { callApi } from '../format/command-run';

const temp = useTempRoot('domains');
const mounted: MountedTmpfs[] = [];
afterAll(async () => {
  for (const disk of mounted.splice(0)) await disk.unmount();
});

async function report(): Promise<GridRobustnessReport> {
  const run = await runCaptured(robustness, ['--json'], { dataDir: temp.dataDir });
  expect(run.code).toBe(0);
  return JSON.parse(run.stdout) as GridRobustnessReport;
}

/** Mounts a small tmpfs, or says why it cannot (not root, no mount(8), a container without the capability). */
function mountSmallTmpfs(): MountedTmpfs | { refused: string } {
  const disk = mountTmpfs('4m');
  if ('point' in disk) mounted.push(disk);
  return disk;
}

it('reports the default grid as one failure domain with tolerance 0, and a folder on another file system as a second', async (test) => {
  const first = await report();
  expect(first.failureDomains).toHaveLength(1);
  expect(first.failureDomains[0].accountIds).toHaveLength(5);
  expect(first.tolerance).toBe(0);
  expect(first.summary).toMatch(/^No files yet: at 3-of-5, if the (disk|file system) holding Local folders 1-5 fails, your files would be lost; your 5 accounts are in 1 failure domain\./);
  expect(first.anyFileLossProbability).toBeGreaterThan(0.01);

  const listed = await runCaptured(account, ['list', '--json'], { dataDir: temp.dataDir });
  const accounts = JSON.parse(listed.stdout) as AccountSummary[];
  expect(new Set(accounts.map((a) => a.failureDomain?.id)).size).toBe(1);
  expect(accounts[0].failureDomain).toMatchObject(first.failureDomains[0] && { source: 'detected', id: first.failureDomains[0].id, name: first.failureDomains[0].name, kind: first.failureDomains[0].kind });

  const tmpfs = mountSmallTmpfs();
  if ('refused' in tmpfs) {
    console.warn(`failure-domains test: a tmpfs could not be mounted (${tmpfs.refused}); the second-domain assertion is skipped.`);
    test.skip();
    return;
  }
  const added = await runCaptured(account, ['add', 'local', '--name', 'Other disk', '--path', join(tmpfs.point, 'raic')], { dataDir: temp.dataDir });
  expect(added.code).toBe(0);
  expect(added.stdout).toMatch(/failure domain: +the file system at ".*raic-tmpfs-\w+"/);
  const second = await report();
  expect(second.failureDomains).toHaveLength(2);
  expect(second.failureDomains.map((d) => d.accountIds.length).sort()).toEqual([1, 5]);
});

it('puts a share of every new 3-of-5 file on each of two other domains beside five folders on one disk', async (test) => {
  const mounts = [mountSmallTmpfs(), mountSmallTmpfs()];
  const refused = mounts.find((mount): mount is { refused: string } => 'refused' in mount);
  if (refused) {
    console.warn(`failure-domains test: a tmpfs could not be mounted (${refused.refused}); the placement assertion is skipped.`);
    test.skip();
    return;
  }
  const names = ['USB one', 'USB two'];
  for (const [index, mount] of mounts.entries()) {
    const added = await runCaptured(account, ['add', 'local', '--name', names[index], '--path', join((mount as { point: string }).point, 'raic')], { dataDir: temp.dataDir });
    expect(added.code).toBe(0);
  }
  const source = join(temp.root, 'files');
  await mkdir(source);
  for (let file = 0; file < 8; file++) await writeFile(join(source, `file-${file}.bin`), randomBytes(2000 + file));
  expect((await runCaptured(upload, [source, '--to', '/'], { dataDir: temp.dataDir })).code).toBe(0);
  const listing = JSON.parse((await runCaptured(ls, ['/files', '--json'], { dataDir: temp.dataDir })).stdout) as FolderListing;
  expect(listing.files).toHaveLength(8);
  for (const file of listing.files) {
    const holders = file.placements.map((p) => p.accountName);
    expect(holders).toEqual(expect.arrayContaining(names));
  }
  const figures = await report();
  expect(figures.failureDomains).toHaveLength(3);
  expect(figures.summary).toMatch(/If .* fails?( together)?, (every file is lost|\d+ of your \d+ files (is|are) lost); your 7 accounts are in 3 failure domains\./);
});

it('moves a share of files stored on the one disk onto a folder on another file system when the health check repairs', async (test) => {
  const source = join(temp.root, 'early');
  await mkdir(source);
  for (let file = 0; file < 3; file++) await writeFile(join(source, `early-${file}.bin`), randomBytes(50_000 + file));
  expect((await runCaptured(upload, [source, '--to', '/'], { dataDir: temp.dataDir })).code).toBe(0);
  const tmpfs = mountSmallTmpfs();
  if ('refused' in tmpfs) {
    console.warn(`failure-domains test: a tmpfs could not be mounted (${tmpfs.refused}); the rebalancing assertion is skipped.`);
    test.skip();
    return;
  }
  expect((await runCaptured(account, ['add', 'local', '--name', 'Other disk', '--path', join(tmpfs.point, 'raic')], { dataDir: temp.dataDir })).code).toBe(0);
  const service = await RaicService.open(temp.dataDir, { log: () => undefined });
  try {
    const pass = await callApi(service, 'runHealthCheck', { repair: true });
    expect(pass.filesChecked).toBe(3);
  } finally {
    await service.close();
  }
  const listing = JSON.parse((await runCaptured(ls, ['/early', '--json'], { dataDir: temp.dataDir })).stdout) as FolderListing;
  for (const file of listing.files) {
    const holders = file.placements.map((p) => p.accountName);
    expect(holders).toContain('Other disk');
    // Five distinct shares, one of them now off the disk, and the surplus copy on the disk released.
    expect(file.placements.reduce((sum, p) => sum + p.shareNumbers.length, 0)).toBe(5);
    expect(file.health).toBe('healthy');
    expect(file.lastCheckSummary).toMatch(/; moved 1 share to a disk or login it had none on$/);
  }
  const figures = await report();
  expect(figures.failureDomains).toHaveLength(2);
});
