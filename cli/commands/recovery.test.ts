import { mkdir, readFile, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { expect, it } from 'vitest';
import type { GridStatus, RestoreResult, TrashListing, VersionListing } from '../../shared/api';
import { runCaptured, useTempRoot } from '../test-support/run-captured';
import { run as recovery, runRecoveryKey } from './recovery';
import { run as account } from './account';
import { run as upload } from './upload';
import { run as get } from './get';
import { run as status } from './status';
import { run as rm } from './rm';
import { run as trash } from './trash';
import { run as versions } from './versions';

const temp = useTempRoot('recovery');

it('prints the 18 words numbered, with a warning', async () => {
  const { code, stdout } = await runCaptured(runRecoveryKey, [], { dataDir: temp.dataDir });
  expect(code).toBe(0);
  const words = [...stdout.matchAll(/\b(\d+)\. ([a-z]+)/g)];
  expect(words.map((m) => Number(m[1]))).toEqual(Array.from({ length: 18 }, (_, i) => i + 1));
  expect(stdout).toMatch(/keep them somewhere safe/);
  const json = JSON.parse((await runCaptured(runRecoveryKey, ['--json'], { dataDir: temp.dataDir })).stdout) as { words: string[] };
  expect(json.words).toEqual(words.map((m) => m[2]));
});

it('writes the key file with --out, readable only by the user, and never overwrites one', async () => {
  const out = join(temp.root, 'raic-recovery.txt');
  const written = await runCaptured(runRecoveryKey, ['--out', out], { dataDir: temp.dataDir });
  expect(written.code).toBe(0);
  expect(written.stdout).toMatch(/^Wrote recovery key \w+ to .*raic-recovery\.txt/);
  expect((await stat(out)).mode & 0o777).toBe(0o600);
  const text = await readFile(out, 'utf8');
  expect(text.length).toBeGreaterThan(0);
  // The words are in the file, not on the screen.
  const { words } = JSON.parse((await runCaptured(runRecoveryKey, ['--json'], { dataDir: temp.dataDir })).stdout) as { words: string[] };
  expect(written.stdout).not.toContain(words.join(' '));

  const again = await runCaptured(runRecoveryKey, ['--out', out], { dataDir: temp.dataDir });
  expect(again.code).toBe(1);
  expect(again.stderr).toMatch(/already exists; RAIC does not overwrite a recovery key file/);
  expect(await readFile(out, 'utf8')).toBe(text);
});

it('restores the file list on a new grid from the key file, once the old accounts are added', async () => {
  const disks = ['disk-a', 'disk-b', 'disk-c', 'disk-d', 'disk-e'].map((name) => join(temp.root, name));
  const oldGrid = join(temp.root, 'old');
  for (const [i, disk] of disks.entries()) expect((await runCaptured(account, ['add', 'local', '--name', `Disk ${i}`, '--path', disk], { dataDir: oldGrid })).code).toBe(0);
  // Only the disks keep the old grid's shares, so four of them are enough to read everything back.
  for (const { name } of (JSON.parse((await runCaptured(status, ['--json'], { dataDir: oldGrid })).stdout) as GridStatus).accounts) {
    if (!name.startsWith('Disk')) expect((await runCaptured(account, ['remove', name], { dataDir: oldGrid })).code).toBe(0);
  }
  await mkdir(join(temp.root, 'docs'));
  await writeFile(join(temp.root, 'docs', 'letter.txt'), 'Dear grid, '.repeat(500));
  expect((await runCaptured(upload, [join(temp.root, 'docs')], { dataDir: oldGrid })).code).toBe(0);
  const keyFile = join(temp.root, 'key.txt');
  expect((await runCaptured(runRecoveryKey, ['--out', keyFile], { dataDir: oldGrid })).code).toBe(0);

  const noKey = await runCaptured(recovery, ['restore'], { dataDir: temp.dataDir });
  expect(noKey.code).toBe(2);
  expect(noKey.stderr).toMatch(/give the key with --key-file FILE or --words-stdin\nusage: raic recovery restore/);
  const badWords = await runCaptured(recovery, ['restore', '--words-stdin'], { dataDir: temp.dataDir, stdin: 'just three words' });
  expect(badWords.code).toBe(1);
  expect(badWords.stderr).toMatch(/^raic recovery restore: key: /);

  for (const [i, disk] of disks.slice(0, 4).entries()) expect((await runCaptured(account, ['add', 'local', '--name', `Disk ${i}`, '--path', disk], { dataDir: temp.dataDir })).code).toBe(0);
  const restored = await runCaptured(recovery, ['restore', '--key-file', keyFile], { dataDir: temp.dataDir });
  expect(restored.stderr).toBe('');
  expect(restored.code).toBe(0);
  expect(restored.stdout).toMatch(/^Restored 1 files/);
  expect(restored.stdout).toMatch(/\nAccounts your old RAIC used .*\n {2}Disk 4 \(local\): .*disk-e\n$/);
  const files = (JSON.parse((await runCaptured(status, ['--json'], { dataDir: temp.dataDir })).stdout) as GridStatus).files;
  expect(files.count).toBe(1);

  const words = (JSON.parse((await runCaptured(runRecoveryKey, ['--json'], { dataDir: oldGrid })).stdout) as { words: string[] }).words;
  const fromWords = await runCaptured(recovery, ['restore', '--words-stdin', '--json'], { dataDir: temp.dataDir, stdin: `${words.join(' ')}\n` });
  expect(fromWords.code).toBe(0);
  expect((JSON.parse(fromWords.stdout) as RestoreResult).filesSkipped).toBe(1);
});

it('brings back the trash and earlier versions, so their shares stay referenced after a restore', async () => {
  const disks = ['disk-a', 'disk-b', 'disk-c', 'disk-d', 'disk-e'].map((name) => join(temp.root, name));
  const oldGrid = { dataDir: join(temp.root, 'old') };
  for (const [i, disk] of disks.entries()) expect((await runCaptured(account, ['add', 'local', '--name', `Disk ${i}`, '--path', disk], oldGrid)).code).toBe(0);
  for (const { name } of (JSON.parse((await runCaptured(status, ['--json'], oldGrid)).stdout) as GridStatus).accounts) {
    if (!name.startsWith('Disk')) expect((await runCaptured(account, ['remove', name], oldGrid)).code).toBe(0);
  }
  const report = join(temp.root, 'report.txt');
  await writeFile(report, 'first draft '.repeat(300));
  expect((await runCaptured(upload, [report, '--to', '/Work'], oldGrid)).code).toBe(0);
  await writeFile(report, 'second draft, longer '.repeat(300));
  expect((await runCaptured(upload, [report, '--to', '/Work'], oldGrid)).code).toBe(0);
  const draft = join(temp.root, 'draft.txt');
  await writeFile(draft, 'thrown away '.repeat(300));
  expect((await runCaptured(upload, [draft, '--to', '/Work'], oldGrid)).code).toBe(0);
  expect((await runCaptured(rm, ['/Work/draft.txt'], oldGrid)).code).toBe(0);
  const oldTrash = JSON.parse((await runCaptured(trash, ['list', '--json'], oldGrid)).stdout) as TrashListing;
  const oldVersions = JSON.parse((await runCaptured(versions, ['/Work/report.txt', '--json'], oldGrid)).stdout) as VersionListing;
  expect(oldTrash.items).toHaveLength(1);
  expect(oldVersions.versions).toHaveLength(1);
  const keyFile = join(temp.root, 'key.txt');
  expect((await runCaptured(runRecoveryKey, ['--out', keyFile], oldGrid)).code).toBe(0);

  for (const [i, disk] of disks.entries()) expect((await runCaptured(account, ['add', 'local', '--name', `Disk ${i}`, '--path', disk], { dataDir: temp.dataDir })).code).toBe(0);
  const restored = await runCaptured(recovery, ['restore', '--key-file', keyFile], { dataDir: temp.dataDir });
  expect(restored.stderr).toBe('');
  expect(restored.stdout).toMatch(/^Restored 1 files, with 1 earlier version and 1 deleted item in the trash\./);

  const newTrash = JSON.parse((await runCaptured(trash, ['list', '--json'], { dataDir: temp.dataDir })).stdout) as TrashListing;
  const newVersions = JSON.parse((await runCaptured(versions, ['/Work/report.txt', '--json'], { dataDir: temp.dataDir })).stdout) as VersionListing;
  const withoutIds = <T extends { id: number }>(items: T[]) => items.map(({ id: _id, ...rest }) => rest);
  expect(withoutIds(newTrash.items)).toEqual(withoutIds(oldTrash.items));
  expect(withoutIds(newVersions.versions)).toEqual(withoutIds(oldVersions.versions));
  // Both restore on the new machine: the deleted draft to its folder, the earlier draft as the current report.
  expect((await runCaptured(trash, ['restore', '/Work/draft.txt'], { dataDir: temp.dataDir })).stdout).toBe('Restored /Work/draft.txt.\n');
  const versionId = String(newVersions.versions[0]!.id);
  expect((await runCaptured(versions, ['restore', '/Work/report.txt', '--version', versionId], { dataDir: temp.dataDir })).code).toBe(0);
  const fetched = join(temp.root, 'fetched.txt');
  expect((await runCaptured(get, ['/Work/report.txt', fetched], { dataDir: temp.dataDir })).code).toBe(0);
  expect(await readFile(fetched, 'utf8')).toBe('first draft '.repeat(300));
});
