import { randomBytes } from 'node:crypto';
import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, expect, it } from 'vitest';
import type { OpenGrid } from '../context';
import { cliContext, makeCliTestGrid } from '../test-support/commands';
import { LocalFolderStorageServer } from '../../engine/storage/local';
import { bytesByteSource, uploadFile, type CheckReport } from '../../engine/grid';
import { run as check } from './check';
import { recordReliability } from '../../scripts/reliability/record';


let root: string;
let grid: OpenGrid;
let local: LocalFolderStorageServer[];
beforeEach(async () => {
  ({ root, grid, local } = await makeCliTestGrid('check', 6, { needed: 2, happy: 4, total: 6 }));
});
function context() {
  return cliContext(grid);
}

afterEach(async () => {
  await rm(root, { recursive: true, force: true });
});


it('prints a readable report, repairs with --repair, and emits JSON with --json', async () => {
  const report = await uploadFile(grid.servers, bytesByteSource(randomBytes(150_000)), grid);
  const healthy = context();
  expect(await check([report.cap, '--verify'], healthy.ctx)).toBe(0);
  expect(healthy.stdout.text).toMatch(/healthy: yes {3}recoverable: yes {3}every share verified/);
  expect(healthy.stdout.text).toMatch(/good shares: 6 of 6 \(2 needed\) {3}happiness: 6 \(4 required\)/);

  // Lose two shares.
  const si = report.storageIndex!;
  for (const holder of report.uploaded.slice(0, 2)) {
    const server = local.find((s) => s.serverId === holder.serverId)!;
    await rm(join(server.root, 'shares', si.slice(0, 2), si), { recursive: true });
  }
  const sick = context();
  expect(await check([report.cap], sick.ctx)).toBe(1);
  expect(sick.stdout.text).toMatch(/healthy: no/);
  expect(sick.stdout.text).toMatch(/good shares: 4 of 6/);

  const json = context();
  expect(await check([report.cap, '--repair', '--json'], json.ctx)).toBe(0);
  const parsed = JSON.parse(json.stdout.text) as CheckReport;
  expect(parsed.healthy).toBe(false);
  expect(parsed.repair?.succeeded).toBe(true);
  expect(parsed.repair?.after?.healthy).toBe(true);
  expect(parsed.repair?.placed.flatMap((p) => p.shareNumbers)).toHaveLength(2);

  const after = context();
  expect(await check([report.cap, '--verify', '--repair'], after.ctx)).toBe(0);
  expect(after.stdout.text).not.toMatch(/repair/);
});

it('explains missing files and usage errors', async () => {
  const elsewhere = await mkdtemp(join(tmpdir(), 'raic-cli-check-other-'));
  try {
    const servers = [0, 1, 2].map((i) => new LocalFolderStorageServer({ serverId: `o${i}`, nickname: `o${i}`, root: join(elsewhere, `o${i}`) }));
    const { cap } = await uploadFile(servers, bytesByteSource(randomBytes(5000)), { ...grid, encoding: { needed: 1, happy: 1, total: 3, maxSegmentSize: 4096 } });
    const missing = context();
    expect(await check([cap, '--repair'], missing.ctx)).toBe(1);
    expect(missing.stdout.text).toMatch(/recoverable: no/);
    expect(missing.stdout.text).toMatch(/repair: failed: cannot repair: only 0 good shares remain/);
    expect(await readdir(root)).toEqual([]); // nothing written anywhere
  } finally {
    await rm(elsewhere, { recursive: true, force: true });
  }
  const usage = context();
  expect(await check(['--verify'], usage.ctx)).toBe(2);
  expect(usage.stderr.text).toMatch(/CAP is required\nusage: raic check CAP/);
  const bad = context();
  expect(await check(['not-a-cap'], bad.ctx)).toBe(1);
  expect(bad.stderr.text).toMatch(/^raic check: /);
});

it('never calls an unverified file healthy, and verifies before it repairs (issue 15, item 6)', async () => {
  const report = await uploadFile(grid.servers, bytesByteSource(randomBytes(150_000)), grid);
  const si = report.storageIndex!;
  // Corrupt three of the six shares in place: every share is still listed.
  for (const holder of report.uploaded.slice(0, 3)) {
    const server = local.find((s) => s.serverId === holder.serverId)!;
    for (const shareNumber of holder.shareNumbers) {
      const file = join(server.root, 'shares', si.slice(0, 2), si, String(shareNumber));
      const bytes = await readFile(file);
      bytes[Math.floor(bytes.length / 2)]! ^= 0xff;
      await writeFile(file, bytes);
    }
  }
  const listed = context();
  expect(await check([report.cap, '--json'], listed.ctx)).toBe(3);
  const listedJson = JSON.parse(listed.stdout.text) as CheckReport & { verdict: string };
  expect(listedJson.verdict).toBe('not verified');
  expect(listedJson.verified).toBe(false);
  const listedText = context();
  expect(await check([report.cap], listedText.ctx)).toBe(3);
  expect(listedText.stdout.text).toMatch(/healthy: not verified/);
  expect(listedText.stdout.text).not.toMatch(/healthy: yes/);

  const repaired = context();
  expect(await check([report.cap, '--repair', '--json'], repaired.ctx)).toBe(0);
  const repairedJson = JSON.parse(repaired.stdout.text) as CheckReport & { verdict: string };
  expect(repairedJson.verified).toBe(true);
  expect(repairedJson.corruptShares.length).toBeGreaterThanOrEqual(3);
  expect(repairedJson.repair?.placed.length).toBeGreaterThan(0);
  expect(repairedJson.verdict).toBe('healthy');
  recordReliability({
    suite: 'Attack regressions',
    scenario: 'raic check on a 2-of-6 file with 3 shares corrupted in place: without --verify, then with --repair alone',
    trials: 2,
    outcome: `without --verify: exit 3, verdict "${listedJson.verdict}"; --repair verified first, found ${repairedJson.corruptShares.length} corrupt shares, placed new ones: verdict "${repairedJson.verdict}"`,
    lost: 0,
  });
});
