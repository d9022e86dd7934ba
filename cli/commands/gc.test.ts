/**
 * Acceptance: space comes back. 20 MB uploaded into a folder of the default
 * grid (five local folders), removed for good through the service's delete,
 * then `raic gc`: the local-storage folders shrink by at least 30 MB as `du`
 * measures them, and `raic usage --json` shows the measured bytes drop.
 */
import { execFileSync } from 'node:child_process';
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { expect, it } from 'vitest';
import type { Usage } from '../../shared/api';
import { RaicService } from '../../service/raic-service';
import { runCaptured, useTempRoot } from '../test-support/run-captured';
import { run as upload } from './upload';
import { run as gc } from './gc';
import { run as usage } from './usage';
import { run as versions } from './versions';

const temp = useTempRoot('gc');

/** Kilobytes the default grid's folders take on disk, as `du` counts them. */
function duKilobytes(dataDir: string): number {
  return Number(execFileSync('du', ['-sk', join(dataDir, 'local-storage')], { encoding: 'utf8' }).split('\t')[0]);
}

it('gives the space of a permanently removed folder back at once, as du measures it', async () => {
  const folder = join(temp.root, 'big');
  await mkdir(folder);
  for (let i = 0; i < 4; i++) await writeFile(join(folder, `part-${i}.bin`), randomBytes(5 * 1024 * 1024));
  const stored = await runCaptured(upload, [folder, '--to', '/Archive'], { dataDir: temp.dataDir });
  expect(stored.stderr).not.toMatch(/raic upload:/); // progress lines only
  expect(stored.code).toBe(0);
  const before = duKilobytes(temp.dataDir);
  expect(before).toBeGreaterThan(30 * 1024); // 20 MiB as 3-of-5 shares: about 33 MiB

  const measuredBefore = JSON.parse((await runCaptured(usage, ['--json'], { dataDir: temp.dataDir })).stdout) as Usage;
  const filesBefore = measuredBefore.accounts.reduce((sum, a) => sum + (a.measured?.files ?? 0), 0);
  expect(filesBefore).toBeGreaterThan(30 * 1024 * 1024);

  const service = await RaicService.open(temp.dataDir, { log: () => undefined });
  try {
    expect(await service.removeFile({ path: '/Archive/big', permanently: true })).toEqual({ removed: 4 });
  } finally {
    await service.close();
  }
  const collected = await runCaptured(gc, ['--json'], { dataDir: temp.dataDir });
  expect(collected.stderr).toBe('');
  expect(collected.code).toBe(0);
  const after = duKilobytes(temp.dataDir);
  expect(before - after).toBeGreaterThanOrEqual(30 * 1024);

  const measuredAfter = JSON.parse((await runCaptured(usage, ['--json'], { dataDir: temp.dataDir })).stdout) as Usage;
  const filesAfter = measuredAfter.accounts.reduce((sum, a) => sum + (a.measured?.files ?? 0), 0);
  expect(filesAfter).toBeLessThan(1024 * 1024);
  expect(measuredAfter.totals.bytesStored).toBeLessThan(measuredBefore.totals.bytesStored - 30 * 1024 * 1024);
}, 120_000);

it('prints what it freed per account, and refuses two contrary options', async () => {
  const file = join(temp.root, 'one.bin');
  await writeFile(file, randomBytes(200_000));
  await runCaptured(upload, [file], { dataDir: temp.dataDir });
  const text = await runCaptured(gc, [], { dataDir: temp.dataDir });
  expect(text.code).toBe(0);
  // The file and the catalog backup published when the upload's service closed.
  expect(text.stdout).toMatch(/renewed the leases of 2 stored files/);
  expect(text.stdout).toMatch(/Local folder 1: freed 0 B/);
  const both = await runCaptured(gc, ['--orphans', '--remove-orphans'], { dataDir: temp.dataDir });
  expect(both.code).toBe(2);
});

it('keeps the old content of an overwritten file as a version, and gives its space back once the version is let go of', async () => {
  const first = join(temp.root, 'first');
  const second = join(temp.root, 'second');
  await mkdir(first);
  await mkdir(second);
  await writeFile(join(first, 'doc.bin'), randomBytes(3 * 1024 * 1024));
  await writeFile(join(second, 'doc.bin'), randomBytes(1024 * 1024));
  await runCaptured(upload, [join(first, 'doc.bin'), '--to', '/Docs'], { dataDir: temp.dataDir });
  const before = duKilobytes(temp.dataDir);
  const replaced = await runCaptured(upload, [join(second, 'doc.bin'), '--to', '/Docs'], { dataDir: temp.dataDir });
  expect(replaced.code).toBe(0);
  // The replaced content is an earlier version now: its shares stay until the version rules let go of it.
  expect(duKilobytes(temp.dataDir) - before).toBeGreaterThan(1024);
  const keepNone = await runCaptured(versions, ['keep', '--last', '0', '--days', '0'], { dataDir: temp.dataDir });
  expect(keepNone.code).toBe(0);
  const after = duKilobytes(temp.dataDir);
  // 3 MiB as 3-of-5 shares (5 MiB) went, 1 MiB as shares (1.7 MiB) came.
  expect(before - after).toBeGreaterThan(3 * 1024);
  const measured = JSON.parse((await runCaptured(usage, ['--json'], { dataDir: temp.dataDir })).stdout) as Usage;
  expect(measured.accounts.reduce((sum, a) => sum + (a.measured?.unreferenced ?? 0), 0)).toBe(0);
}, 120_000);
