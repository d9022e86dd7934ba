import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import { expect, it } from 'vitest';
import { runCaptured, useTempRoot } from '../test-support/run-captured';
import { run as robustness } from './robustness';
import { run as encoding } from './encoding';
import { run as upload } from './upload';

const temp = useTempRoot('robustness');

it('prints the grid-wide figures with the keys scripts rely on, and in words', async () => {
  const json = await runCaptured(robustness, ['--json'], { dataDir: temp.dataDir });
  expect(json.code).toBe(0);
  const report = JSON.parse(json.stdout) as Record<string, unknown>;
  for (const key of ['tolerance', 'annualLossProbability', 'availability', 'overhead', 'monthlyCost', 'failureDomains', 'anyFileLossProbability']) expect(report).toHaveProperty(key);
  expect(report).toMatchObject({ oneDisk: true, fileCount: 0, weakPointFileCount: 0 });
  expect(report.weakPointWords).toMatch(/^If the (disk|file system) holding Local folders 1-5 fails, your files would be lost\.$/);
  // Five folders in one data dir share one disk: losing it loses everything (issue 17).
  expect(report.tolerance).toBe(0);
  expect(report.overhead).toBeCloseTo(5 / 3);
  const text = await runCaptured(robustness, [], { dataDir: temp.dataDir });
  expect(text.stdout).toMatch(/^No files yet: at 3-of-5, if the (disk|file system) holding Local folders 1-5 fails, your files would be lost; your 5 accounts are in 1 failure domain\./);
  expect(text.stdout).toMatch(/uploads reach at least 4 accounts \(5 enabled\)/);
  expect(text.stdout).toMatch(/tolerance: +none: a single failure/);
  expect(text.stdout).toMatch(/one disk: +this protects against a damaged folder or a bad sector, not against losing the disk or the computer/);
  expect(text.stdout).toMatch(/failure domains: 1 \(.*: 5 accounts\)/);
  expect(text.stdout).toMatch(/overhead: +1\.67x/);
});

it('recommends encodings for a target and refuses an unknown one', async () => {
  // Five folders on one disk survive no failure of that disk, whatever the split: nothing is proposed, and the way out is named.
  const ok = await runCaptured(robustness, ['--target', 'survive-3'], { dataDir: temp.dataDir });
  expect(ok.code).toBe(0);
  expect(ok.stdout).toMatch(/No way of splitting files into up to \d+ pieces can survive any 3 failures at once/);
  expect(ok.stdout).toMatch(/add a cloud account or a USB disk/);
  const bad = await runCaptured(robustness, ['--target', 'forever'], { dataDir: temp.dataDir });
  expect(bad.code).toBe(2);
  expect(bad.stderr).toMatch(/--target must be survive-N/);
});

it('sets the encoding, re-encodes stored files, and refuses impossible ones', async () => {
  const file = path.join(temp.root, 'report.pdf');
  await writeFile(file, randomBytes(200_000));
  expect((await runCaptured(upload, [file, '--to', '/docs'], { dataDir: temp.dataDir })).code).toBe(0);
  const before = JSON.parse((await runCaptured(robustness, ['--json'], { dataDir: temp.dataDir })).stdout) as { annualLossProbability: number };
  const refused = await runCaptured(encoding, ['3/6/6'], { dataDir: temp.dataDir });
  expect(refused.code).toBe(1);
  expect(refused.stderr).toMatch(/happy: uploads must reach 6 different accounts, but 5 are enabled/);
  const changed = await runCaptured(encoding, ['2/4/5', '--reencode', '--json'], { dataDir: temp.dataDir });
  expect(changed.code).toBe(0);
  expect(JSON.parse(changed.stdout)).toMatchObject({ filesWithOtherEncoding: 1, encoding: { needed: 2, happy: 4, total: 5 } });
  const after = await runCaptured(robustness, ['--json'], { dataDir: temp.dataDir });
  // Still one disk (tolerance 0), but the re-encoded file is judged 2-of-5: more own failures are survived.
  const afterReport = JSON.parse(after.stdout) as { tolerance: number; encoding: { needed: number }; annualLossProbability: number };
  expect(afterReport.tolerance).toBe(0);
  expect(afterReport.encoding.needed).toBe(2);
  expect(afterReport.annualLossProbability).toBeLessThan(before.annualLossProbability);
});

it('reports files by their own encoding after n is lowered without re-encoding (3-of-10 to 3-of-5), without crashing', async () => {
  expect((await runCaptured(encoding, ['3/5/10'], { dataDir: temp.dataDir })).code).toBe(0);
  const file = path.join(temp.root, 'ten-shares.bin');
  await writeFile(file, randomBytes(50_000));
  expect((await runCaptured(upload, [file, '--to', '/docs'], { dataDir: temp.dataDir })).code).toBe(0);
  expect((await runCaptured(encoding, ['3/4/5'], { dataDir: temp.dataDir })).code).toBe(0);
  const text = await runCaptured(robustness, [], { dataDir: temp.dataDir });
  expect(text.stderr).toBe('');
  expect(text.code).toBe(0);
  expect(text.stdout).toMatch(/mixed encodings: 1 file still uses 3-of-10; each is judged by its own/);
  const json = JSON.parse((await runCaptured(robustness, ['--json'], { dataDir: temp.dataDir })).stdout) as { fileEncodings: unknown[] };
  expect(json.fileEncodings).toEqual([{ needed: 3, total: 10, files: 1, bytes: 50_000 }]);
});
