/**
 * Issue 17's acceptance for failure domains with real servers, through the
 * commands a user runs: an S3 account (Debian's Swift with its S3 layer on
 * 127.0.0.1) added to the default grid of five folders on one disk is a new
 * failure domain, and a folder on a tmpfs a third; with five folders on one
 * disk plus an S3 bucket and a WebDAV server (rclone's) at 3-of-5, every new
 * file has a share on both cloud accounts and the summary says what the grid
 * survives in domain words. Secrets go to a real Secret Service (gnome-keyring
 * on a private bus), as they do for a user.
 */
import { randomBytes } from 'node:crypto';
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AccountSummary, FolderListing, GridRobustnessReport } from '../../shared/api';
import { createBucket, mountTmpfs, startRcloneServer, startSwiftServer, type MountedTmpfs, type RcloneServer, type SwiftServer } from '../../scripts/servers/index';
import { startSecretService, type SecretService } from '../../scripts/servers/secret-service';
import { runCaptured, useTempRoot } from '../test-support/run-captured';
import { run as account } from './account';
import { run as robustness } from './robustness';
import { run as upload } from './upload';
import { run as ls } from './ls';
import { RaicService } from '../../service/raic-service';
import { callApi } from '../format/command-run';

const BUCKET = 'raic-domains';
const temp = useTempRoot('domains-cloud');
let secretService: SecretService;
let swift: SwiftServer;
let webdav: RcloneServer;
let savedBus: string | undefined;
const mounted: MountedTmpfs[] = [];

beforeAll(async () => {
  secretService = await startSecretService();
  savedBus = process.env.DBUS_SESSION_BUS_ADDRESS;
  // The keychain library binds to the session bus at its first call: point it at the private one first.
  process.env.DBUS_SESSION_BUS_ADDRESS = secretService.env.DBUS_SESSION_BUS_ADDRESS;
  [swift, webdav] = await Promise.all([startSwiftServer(), startRcloneServer('webdav')]);
  await createBucket(swift, BUCKET);
  await mkdir(join(webdav.dataDir, 'raic'), { recursive: true });
}, 180_000);

afterAll(async () => {
  for (const disk of mounted.splice(0)) await disk.unmount();
  await Promise.all([swift?.stop(), webdav?.stop()]);
  await secretService?.stop();
  if (savedBus === undefined) delete process.env.DBUS_SESSION_BUS_ADDRESS;
  else process.env.DBUS_SESSION_BUS_ADDRESS = savedBus;
});

async function report(): Promise<GridRobustnessReport> {
  const run = await runCaptured(robustness, ['--json'], { dataDir: temp.dataDir });
  expect(run.stderr).toBe('');
  expect(run.code).toBe(0);
  return JSON.parse(run.stdout) as GridRobustnessReport;
}

/** `raic account add s3` on the Swift's S3 layer; each test keeps its objects under its own prefix. */
async function addS3(name: string, prefix: string) {
  const added = await runCaptured(
    account,
    ['add', 's3', '--name', name, '--preset', 'other', '--endpoint', swift.s3.endpoint, '--region', swift.s3.region, '--bucket', BUCKET, '--prefix', prefix, '--secrets-stdin'],
    { dataDir: temp.dataDir, stdin: `accessKeyId=${swift.s3.accessKeyId}\nsecretAccessKey=${swift.s3.secretAccessKey}\n` },
  );
  expect(added.stderr).toBe('');
  expect(added.code).toBe(0);
  return added;
}

async function addWebdav(name: string, folder: string) {
  await mkdir(join(webdav.dataDir, 'raic', folder), { recursive: true });
  const added = await runCaptured(account, ['add', 'webdav', '--name', name, '--url', `${webdav.url}/raic/${folder}/`, '--username', webdav.user, '--secrets-stdin'], {
    dataDir: temp.dataDir,
    stdin: `password=${webdav.password}\n`,
  });
  expect(added.stderr).toBe('');
  expect(added.code).toBe(0);
  return added;
}

/** Mounts a small tmpfs, or says why it cannot (not root, no mount(8), a container without the capability). */
function mountSmallTmpfs(): MountedTmpfs | { refused: string } {
  const disk = mountTmpfs('4m');
  if ('point' in disk) mounted.push(disk);
  return disk;
}

describe('failure domains with a real S3 and WebDAV server', () => {
  it('makes an S3 account on the default grid a second failure domain, and a folder on a tmpfs a third', async (test) => {
    const first = await report();
    expect(first.failureDomains).toHaveLength(1);
    expect(first.tolerance).toBe(0);

    const added = await addS3('Object storage', 'first/');
    const s3Host = new URL(swift.s3.endpoint).host;
    expect(added.stdout).toContain(`failure domain:    the S3 login at ${s3Host} (detected`);
    const second = await report();
    expect(second.failureDomains).toHaveLength(2);
    const listed = JSON.parse((await runCaptured(account, ['list', '--json'], { dataDir: temp.dataDir })).stdout) as AccountSummary[];
    const s3 = listed.find((a) => a.name === 'Object storage')!;
    const s3Domain = second.failureDomains.find((domain) => domain.id === s3.failureDomain?.id)!;
    expect(s3Domain).toMatchObject({ kind: 'login', accountIds: [s3.id] });
    expect(second.failureDomains.find((domain) => domain !== s3Domain)!.accountIds).toHaveLength(5);
    // The secret key is in the keychain, never in what the report or the account list print.
    expect(JSON.stringify(second) + JSON.stringify(listed)).not.toContain(swift.s3.secretAccessKey);

    const tmpfs = mountSmallTmpfs();
    if ('refused' in tmpfs) {
      console.warn(`domains-cloud test: a tmpfs could not be mounted (${tmpfs.refused}); the third-domain assertion is skipped.`);
      test.skip();
      return;
    }
    expect((await runCaptured(account, ['add', 'local', '--name', 'Other disk', '--path', join(tmpfs.point, 'raic')], { dataDir: temp.dataDir })).code).toBe(0);
    const third = await report();
    expect(third.failureDomains).toHaveLength(3);
    expect(third.failureDomains.map((d) => d.accountIds.length).sort()).toEqual([1, 1, 5]);
  }, 120_000);

  it('puts a share of every new 3-of-5 file on both cloud accounts beside five folders on one disk, and says so in domain words', async () => {
    await addS3('Object storage', 'second/');
    await addWebdav('Nextcloud', 'second');
    const source = join(temp.root, 'photos');
    await mkdir(source);
    for (let file = 0; file < 8; file++) await writeFile(join(source, `photo-${file}.jpg`), randomBytes(20_000 + file));
    const uploaded = await runCaptured(upload, [source, '--to', '/'], { dataDir: temp.dataDir });
    // Progress lines go to stderr; the exit status says whether every file was stored.
    expect(uploaded.code, uploaded.stderr).toBe(0);

    const listing = JSON.parse((await runCaptured(ls, ['/photos', '--json'], { dataDir: temp.dataDir })).stdout) as FolderListing;
    expect(listing.files).toHaveLength(8);
    for (const file of listing.files) {
      expect(file.placements.map((p) => p.accountName), file.name).toEqual(expect.arrayContaining(['Object storage', 'Nextcloud']));
      expect(file.placements.reduce((sum, p) => sum + p.shareNumbers.length, 0)).toBe(5);
    }

    // The health check's line for each file counts the disk as one failure (service/health/domain-tolerance.ts).
    const service = await RaicService.open(temp.dataDir, { log: () => undefined });
    try {
      expect((await callApi(service, 'runHealthCheck', { repair: false })).filesChecked).toBe(8);
    } finally {
      await service.close();
    }
    const checked = JSON.parse((await runCaptured(ls, ['/photos', '--json'], { dataDir: temp.dataDir })).stdout) as FolderListing;
    for (const file of checked.files) expect(file.lastCheckSummary, file.name).toBe('5 of 5 shares on 5 accounts; survives the loss of any 2 accounts, but not one disk or login failing');

    const figures = await report();
    expect(figures.encoding).toMatchObject({ needed: 3, total: 5 });
    expect(figures.failureDomains).toHaveLength(3);
    // Three shares on the disk, one on each login: the disk alone loses every file, each login alone loses none.
    expect(figures.tolerance).toBe(0);
    expect(figures.summary).toMatch(
      /^If the (disk|file system) holding Local folders 1-5 fails, every file is lost; your 7 accounts are in 3 failure domains\. Yearly durability of the weakest file: .+\.$/,
    );
    expect(figures.summary).not.toMatch(/any \d+ accounts?/);

    // The text a user reads names the three domains, the disk first, and counts failures, not accounts.
    const text = await runCaptured(robustness, [], { dataDir: temp.dataDir });
    expect(text.code).toBe(0);
    expect(text.stdout.split('\n')[0]).toBe(figures.summary);
    expect(text.stdout).toMatch(/^tolerance: +none: a single failure \(one account, or a whole failure domain\) can lose files$/m);
    const host = (url: string) => new URL(url).host.replace(/\./g, '\\.');
    expect(text.stdout).toMatch(
      new RegExp(`^failure domains: 3 \\(the (disk|file system) .*?: 5 accounts; the S3 login at ${host(swift.s3.endpoint)}: 1 account; the WebDAV login "${webdav.user}" at ${host(webdav.url)}: 1 account\\)$`, 'm'),
    );
  }, 180_000);
});
