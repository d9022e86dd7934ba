import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { expect, it } from 'vitest';
import type { TrashListing } from '../../shared/api';
import { runCaptured, useTempRoot } from '../test-support/run-captured';
import { run as ls } from './ls';
import { run as rm } from './rm';
import { run as trash } from './trash';
import { run as upload } from './upload';
import { run as versions } from './versions';

const temp = useTempRoot('trash');

it('rm moves to the trash, trash list/restore/empty, versions and --on-clash, end to end', async () => {
  const source = join(temp.root, 'report.txt');
  const opts = { dataDir: temp.dataDir };
  await writeFile(source, 'first draft');
  expect((await runCaptured(upload, [source, '--to', '/Work'], opts)).code).toBe(0);
  await writeFile(source, 'second draft, longer');
  expect((await runCaptured(upload, [source, '--to', '/Work'], opts)).code).toBe(0);
  const kept = await runCaptured(upload, [source, '--to', '/Work', '--on-clash', 'keep-both'], opts);
  expect(kept.stdout).toMatch(/^\/Work\/report \(1\)\.txt {2}URI:/);
  const skipped = await runCaptured(upload, [source, '--to', '/Work', '--on-clash', 'skip'], opts);
  expect(skipped.stderr).toBe('raic upload: skipped /Work/report.txt: a file with that name is already there\n');
  expect((await runCaptured(upload, [source, '--on-clash', 'merge'], opts)).stderr).toMatch(/--on-clash takes replace, keep-both or skip \(got "merge"\)/);

  const listed = await runCaptured(versions, ['/Work/report.txt'], opts);
  expect(listed.stdout).toMatch(/^VERSION +SIZE +STORED +REPLACED\n +\d+ +11 B /);
  const versionId = /\n +(\d+) /.exec(listed.stdout)![1]!;
  const restored = await runCaptured(versions, ['restore', '/Work/report.txt', '--version', versionId], opts);
  expect(restored.stdout).toBe(`Restored version ${versionId} of /Work/report.txt; what was current is now an earlier version.\n`);
  expect((await runCaptured(ls, ['/Work'], opts)).stdout).toBe('20 B  report (1).txt\n11 B  report.txt\n');

  expect((await runCaptured(rm, ['/Work'], opts)).stdout).toBe('Moved /Work (2 files) to the trash.\n');
  const list = await runCaptured(trash, ['list'], opts);
  expect(list.stdout).toMatch(/DELETED +SIZE +PATH +HOLDS +FREED\n.*\/Work\/ +2 files, 1 earlier version/);
  expect(list.stdout).toMatch(/Deleted items stay 30 days/);
  const json = JSON.parse((await runCaptured(trash, ['list', '--json'], opts)).stdout) as TrashListing;
  expect(json.items).toMatchObject([{ path: '/Work', kind: 'folder', fileCount: 2, versionCount: 1 }]);

  expect((await runCaptured(trash, ['restore', '/Work'], opts)).stdout).toBe('Restored /Work.\n');
  expect((await runCaptured(ls, ['/Work'], opts)).stdout).toBe('20 B  report (1).txt\n11 B  report.txt\n');
  expect((await runCaptured(rm, ['/Work/report (1).txt', '--permanently'], opts)).stdout).toBe('Removed /Work/report (1).txt (1 file) permanently.\n');
  expect((await runCaptured(rm, ['/Work/report.txt'], opts)).code).toBe(0);
  expect((await runCaptured(trash, ['empty'], opts)).stdout).toMatch(/^Emptied the trash: 1 deleted item \(31 B\) are gone for good\.\n$/);
  expect((await runCaptured(trash, [], opts)).stdout).toMatch(/^The trash is empty\./);
});

// --help of every command, these included, is cli/help.test.ts's.
it('explains mistakes', async () => {
  const opts = { dataDir: temp.dataDir };
  expect((await runCaptured(rm, [], opts)).code).toBe(2);
  expect((await runCaptured(trash, ['restore'], opts)).stderr).toMatch(/PATH is required/);
  expect((await runCaptured(trash, ['keep', 'soon'], opts)).stderr).toMatch(/DAYS must be a whole number/);
  expect((await runCaptured(versions, ['restore', '/a'], opts)).stderr).toMatch(/say which version: --version N/);
  const missing = await runCaptured(rm, ['/nothing/here'], opts);
  expect(missing.code).toBe(1);
  expect(missing.stderr).toMatch(/^raic rm: \/nothing\/here is not in your files/);
  expect((await runCaptured(trash, ['restore', '/nothing'], opts)).stderr).toMatch(/Nothing deleted from \/nothing is in the trash/);
  expect((await runCaptured(trash, ['keep', '7'], opts)).stdout).toBe('Deleted items now stay 7 days in the trash.\n');
  expect((await runCaptured(versions, ['keep', '--last', '3'], opts)).stdout).toBe('Keeping the newest 3 versions of each file and all younger than 30 days.\n');
});
