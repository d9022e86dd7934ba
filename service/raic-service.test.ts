/**
 * The grid service through its API, on the built-in grid of local folders:
 * uploading a folder through jobs, listing, usage, downloading, health checks
 * that see a lost account and repair, account removal with its plan, and
 * restoring the whole file tree on a fresh data dir from the recovery key.
 */
import { mkdir, mkdtemp, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { ApiError, parseInput } from '../shared/api';
import { RaicService } from './raic-service';

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  while (cleanups.length > 0) await cleanups.pop()!();
});

async function tempDir(name: string): Promise<string> {
  const dir = await mkdtemp(path.join(tmpdir(), `raic-service-${name}-`));
  cleanups.push(() => rm(dir, { recursive: true, force: true }));
  return dir;
}

async function openService(dataDir: string): Promise<RaicService> {
  const service = await RaicService.open(dataDir, { log: () => undefined, backupDebounceMs: 60_000 });
  cleanups.push(() => service.close());
  service.startBackground({ monitor: false });
  return service;
}

/** A folder of files of mixed sizes (one literal, several multi-segment) in a temp dir. */
async function makeSourceFolder(): Promise<{ folder: string; files: Map<string, Buffer> }> {
  const root = await tempDir('source');
  const folder = path.join(root, 'Holiday');
  await mkdir(path.join(folder, 'day 2'), { recursive: true });
  const files = new Map<string, Buffer>([
    ['note.txt', Buffer.from('a short note, stored inside its cap')],
    ['photo.jpg', randomBytes(300_000)],
    ['day 2/video.mp4', randomBytes(2_500_000)],
    ['day 2/路线.gpx', randomBytes(70_000)],
  ]);
  for (const [name, bytes] of files) await writeFile(path.join(folder, name), bytes);
  return { folder, files };
}

async function bytesOfFilesUnder(folder: string): Promise<number> {
  let total = 0;
  for (const entry of await readdir(folder, { withFileTypes: true, recursive: true })) {
    if (entry.isFile()) total += (await stat(path.join(entry.parentPath, entry.name))).size;
  }
  return total;
}

async function uploadFolder(service: RaicService, folder: string, into = '/'): Promise<void> {
  const { jobs } = await service.uploadPaths(parseInput('uploadPaths', { sources: [folder], folder: into }));
  await service.jobsIdle();
  for (const job of jobs) expect(service.getJob(job.id)?.state, service.getJob(job.id)?.error ?? '').toBe('done');
}

describe('RaicService on the built-in local grid', () => {
  it('uploads a folder through jobs, lists it, counts usage and downloads every file intact', async () => {
    const service = await openService(await tempDir('data'));
    const { folder, files } = await makeSourceFolder();
    await uploadFolder(service, folder);

    const root = await service.listFiles({ folder: '/' });
    expect(root.folders.map((f) => f.name)).toEqual(['Holiday']);
    expect(root.folders[0]!.fileCount).toBe(files.size);
    const day2 = await service.listFiles({ folder: '/Holiday/day 2' });
    expect(day2.files.map((f) => f.name).sort()).toEqual(['video.mp4', '路线.gpx']);
    expect(day2.files[0]!.placements.length).toBeGreaterThanOrEqual(4);

    const usage = await service.getUsage();
    const fileBytes = [...files.values()].reduce((sum, b) => sum + b.length, 0);
    expect(usage.totals.fileBytes).toBe(fileBytes);
    // 3-of-5: about 5/3 of the (non-literal) bytes, plus hash trees.
    expect(usage.totals.overhead).toBeGreaterThan(1.6);
    expect(usage.totals.overhead).toBeLessThan(1.8);
    expect(usage.accounts.every((a) => a.bytesStored > 0 && a.shareCount === 3)).toBe(true);

    const out = await tempDir('out');
    for (const [name, bytes] of files) {
      const destination = path.join(out, name);
      await service.downloadToPath({ path: `/Holiday/${name}`, destination });
      await service.jobsIdle();
      expect((await readFile(destination)).equals(bytes)).toBe(true);
    }
  });

  it('sees a lost account as degraded, repairs it, and reports the grid by its worst file', async () => {
    const dataDir = await tempDir('data');
    const service = await openService(dataDir);
    const { folder } = await makeSourceFolder();
    await uploadFolder(service, folder);

    let pass = await service.runHealthCheck({});
    expect(pass.counts.healthy).toBe(4);
    expect((await service.getHealth()).status).toBe('healthy');

    const status = await service.getStatus();
    const lost = status.accounts[0]!;
    await rm(path.join(lost.location, 'shares'), { recursive: true, force: true });
    pass = await service.runHealthCheck({ repair: false });
    expect(pass.counts.degraded).toBe(3); // the literal file has no shares to lose
    expect((await service.getHealth()).status).toBe('degraded');
    const video = await service.getFile({ path: '/Holiday/day 2/video.mp4' });
    expect(video.health).toBe('degraded');

    pass = await service.runHealthCheck({ repair: true });
    expect(pass.repaired).toBe(3);
    expect((await service.getHealth()).status).toBe('healthy');
    const events = await service.listEvents({});
    expect(events.some((e) => e.kind === 'repair-done')).toBe(true);
  });

  it('refuses to remove an account that holds shares unless told to move them, then moves them', async () => {
    const dataDir = await tempDir('data');
    const service = await openService(dataDir);
    await service.addAccount({ provider: 'local', name: 'Spare disk', path: path.join(dataDir, 'spare') });
    const { folder } = await makeSourceFolder();
    await uploadFolder(service, folder);
    const target = (await service.getStatus()).accounts.find((a) => a.shareCount > 0)!;

    const plan = await service.planAccountRemoval({ id: target.id });
    expect(plan.filesWithShares).toBeGreaterThan(0);
    expect(plan.filesUnreadableAfter).toBe(0);
    expect(plan.canMove).toBe(true);
    await expect(service.removeAccount({ id: target.id })).rejects.toThrow(/move the shares first/);

    const removed = await service.removeAccount({ id: target.id, moveShares: true });
    expect(removed.filesMoved).toBe(plan.filesWithShares);
    const after = await service.getStatus();
    expect(after.accounts.map((a) => a.id)).not.toContain(target.id);
    const pass = await service.runHealthCheck({ verify: true, repair: false });
    expect(pass.counts.healthy).toBe(4);
    // The moved files' old shares on the removed folder were given back there (service/gc).
    const movedIndexes = service.catalog.allFiles().flatMap((f) => (f.storageIndex ? [f.storageIndex] : []));
    const left = await Promise.all(movedIndexes.map((si) => readdir(path.join(target.location, 'shares', si.slice(0, 2), si)).catch(() => [])));
    expect(left.flat()).toEqual([]);
  });

  it('validates account input with messages that name the field, and saves nothing on failure', async () => {
    const dataDir = await tempDir('data');
    const service = await openService(dataDir);
    const before = await readFile(path.join(dataDir, 'grid.json'), 'utf8');
    const blocker = path.join(dataDir, 'a-file');
    await writeFile(blocker, 'not a folder');
    const error = await service.addAccount(parseInput('addAccount', { provider: 'local', name: 'Bad', path: blocker })).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ApiError);
    expect((error as ApiError).message).toMatch(/is a file, not a folder/);
    expect(() => parseInput('addAccount', { provider: 's3', name: 'B2', preset: 'other', bucket: 'my-bucket', accessKeyId: 'k', secretAccessKey: 's' })).toThrow(
      /endpoint: Give the server address/,
    );
    expect(await readFile(path.join(dataDir, 'grid.json'), 'utf8')).toBe(before);
  });

  it('restores the whole file tree on a fresh data dir from the recovery key and the same accounts', async () => {
    const oldDir = await tempDir('old');
    const old = await openService(oldDir);
    const { folder, files } = await makeSourceFolder();
    await uploadFolder(old, folder, '/Backups');
    await old.publishCatalogNow();
    const { words } = await old.getRecoveryKey();
    expect(words).toHaveLength(18);
    const oldAccounts = (await old.getStatus()).accounts;

    const freshDir = await tempDir('fresh');
    const fresh = await openService(freshDir);
    // The fresh machine: only the old accounts (the built-in folders of the new data dir are removed).
    for (const account of (await fresh.getStatus()).accounts) await fresh.removeAccount({ id: account.id });
    for (const account of oldAccounts) await fresh.addAccount({ provider: 'local', name: account.name, path: account.location });

    await expect(fresh.restoreFromRecoveryKey({ key: 'not the key' })).rejects.toThrow(ApiError);
    const result = await fresh.restoreFromRecoveryKey({ key: words.join(' ') });
    expect(result.filesRestored).toBe(files.size);
    expect(result.missingAccounts).toEqual([]);

    const out = await tempDir('restored');
    for (const [name, bytes] of files) {
      const destination = path.join(out, name.replace('/', '_'));
      await fresh.downloadToPath({ path: `/Backups/Holiday/${name}`, destination });
      await fresh.jobsIdle();
      expect((await readFile(destination)).equals(bytes)).toBe(true);
    }
    // The restored grid carries on with the old keys: same convergence secret, same recovery key.
    expect((await fresh.getRecoveryKey()).words).toEqual(words);
  });

  it('resumes an upload that was interrupted by closing the app, and lists the file only once it is stored', async () => {
    const dataDir = await tempDir('data');
    const source = path.join(await tempDir('big'), 'disk-image.iso');
    const bytes = randomBytes(40 * 1024 * 1024);
    await writeFile(source, bytes);
    const first = await RaicService.open(dataDir, { log: () => undefined, backupDebounceMs: 60_000 });
    first.startBackground({ monitor: false });
    const { jobs } = await first.uploadPaths({ sources: [source], folder: '/Images' });
    const job = jobs[0]!;
    await expect.poll(() => (first.getJob(job.id)?.doneBytes ?? 0) > 0, { timeout: 30_000 }).toBe(true);
    await first.close();
    const second = await openService(dataDir);
    expect((await second.listFiles({ folder: '/Images' })).files).toEqual([]);
    await second.jobsIdle();
    const resumed = second.getJob(job.id)!;
    expect(resumed.state).toBe('done');
    expect(resumed.attempts).toBe(2);
    const destination = path.join(await tempDir('out'), 'disk-image.iso');
    await second.downloadToPath({ path: '/Images/disk-image.iso', destination });
    await second.jobsIdle();
    expect((await readFile(destination)).equals(bytes)).toBe(true);
  });

  it('reports robustness in figures and words, previews a change of encoding, and re-encodes stored files', async () => {
    const service = await openService(await tempDir('data'));
    const { folder, files } = await makeSourceFolder();
    await uploadFolder(service, folder);

    const report = await service.getRobustness();
    // The five folders share the data dir's disk: one failure domain, so no failure is survived for sure (issue 17).
    expect(report.tolerance).toBe(0);
    expect(report.failureDomains).toHaveLength(1);
    expect(report.overhead).toBeCloseTo(5 / 3);
    expect(report.summary).toMatch(/^If the (disk|file system) holding Local folders 1-5 fails, every file is lost; your 5 accounts are in 1 failure domain\. All your accounts are folders on one disk: this protects your files against a damaged folder or a bad sector, not against losing the disk or the computer\./);
    expect(report.oneDisk).toBe(true);
    expect(report.annualLossProbability).toBeGreaterThan(0);
    expect(report.anyFileLossProbability).toBeGreaterThanOrEqual(report.annualLossProbability);
    expect(report.annualLossProbabilityWithRepair!).toBeLessThan(report.annualLossProbability);

    const { preview } = await service.previewRobustness({ encoding: { needed: 2, happy: 4, total: 5 } });
    expect(preview.tolerance).toBe(0);
    expect(preview.annualLossProbability).toBeLessThan(report.annualLossProbability);
    expect(preview.overhead).toBeCloseTo(2.5);
    const recommendation = await service.recommendEncodings({ target: { kind: 'survive-accounts', accounts: 3 } });
    // Every option on one disk loses every file with the disk: none survives 3 failures, and none is proposed (issue 17).
    expect(recommendation.meetsWithCurrent).toBe(false);
    expect(recommendation.options).toEqual([]);
    expect(recommendation.explanation).toMatch(/All your accounts are on one disk or login/);

    await expect(service.setEncoding({ encoding: { needed: 3, happy: 6, total: 6 } })).rejects.toThrow(/happy: uploads must reach 6 different accounts, but 5 are enabled/);
    const changed = await service.setEncoding({ encoding: { needed: 2, happy: 4, total: 5 }, reencodeExisting: true });
    expect(changed.filesWithOtherEncoding).toBe(3);
    expect(changed.storedBytesChange).toBeGreaterThan(0);
    await service.jobsIdle();
    for (const job of changed.jobs) expect(service.getJob(job.id)?.state).toBe('done');
    const video = await service.getFile({ path: '/Holiday/day 2/video.mp4' });
    expect(video.encoding).toMatchObject({ needed: 2, total: 5 });
    expect(video.cap).toMatch(/^URI:CHK:.*:2:5:/);
    const destination = path.join(await tempDir('out'), 'video.mp4');
    await service.downloadToPath({ path: '/Holiday/day 2/video.mp4', destination });
    await service.jobsIdle();
    expect((await readFile(destination)).equals(files.get('day 2/video.mp4')!)).toBe(true);
    const reencoded = await service.getRobustness();
    expect(reencoded.tolerance).toBe(0);
    expect(reencoded.annualLossProbability).toBeLessThan(report.annualLossProbability);
    // The old encoding's shares were given back (service/gc): measured on the folders, nothing unlisted is left but
    // at most a catalog backup still being recorded (a few KB; the smallest file's shares are 70 KB and more).
    const measured = (await service.getUsage({})).accounts.map((a) => a.measured!);
    expect(measured.reduce((sum, m) => sum + m.unreferenced + m.orphans, 0)).toBeLessThan(50_000);
    expect(measured.reduce((sum, m) => sum + m.files, 0)).toBeGreaterThan(2_870_000 * 2.5);
  });

  it('counts what an upload and its catalog backup store on each folder as the folder holds it, trailers included, without listing again', async () => {
    const service = await openService(await tempDir('data'));
    const accounts = (await service.getStatus()).accounts;
    // Listed once while empty; from then on the figures move only by what RAIC notes.
    expect((await service.getUsage()).accounts.every((a) => a.measured?.total === 0)).toBe(true);
    const { folder } = await makeSourceFolder();
    await uploadFolder(service, folder);
    // The end of the jobs' batch publishes the catalog backup, a moment after the jobs are done.
    await vi.waitUntil(async () => (await service.getStatus()).recovery.seq > 0, { timeout: 30_000, interval: 50 });
    const usage = await service.getUsage();
    for (const account of accounts) {
      const measured = usage.accounts.find((a) => a.id === account.id)!.measured!;
      expect(measured.files).toBeGreaterThan(0);
      expect(measured.catalogBackups).toBeGreaterThan(0);
      expect(measured.total, account.name).toBe(await bytesOfFilesUnder(path.join(account.location, 'shares')));
    }
  });

  it('pauses background work without losing a job, and keeps usage over time', async () => {
    const service = await openService(await tempDir('data'));
    expect(await service.setPaused({ paused: true })).toEqual({ paused: true });
    expect((await service.getStatus()).paused).toBe(true);
    const { folder } = await makeSourceFolder();
    const { jobs } = await service.uploadPaths({ sources: [folder], folder: '/' });
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(jobs.every((job) => service.getJob(job.id)?.state === 'queued')).toBe(true);
    await service.setPaused({ paused: false });
    await service.jobsIdle();
    expect(jobs.every((job) => service.getJob(job.id)?.state === 'done')).toBe(true);
    const history = await service.getUsageHistory({ days: 1 });
    expect(history.length).toBeGreaterThanOrEqual(1);
    const latest = history.at(-1)!;
    expect(latest.files).toBe(4);
    expect(latest.storedBytes).toBeGreaterThan(latest.fileBytes);
  });
});
