/**
 * The grid service with real backends, through its API: two local folders,
 * an S3 bucket (Debian's Swift with its S3 layer), a WebDAV and an SFTP server
 * (rclone), and the credentials in a real Secret Service (gnome-keyring on a
 * private D-Bus bus). Adds accounts (a wrong secret first), uploads a folder,
 * watches usage rise, stops a server and sees the monitor report it and the
 * files degrade, adds an account and sees repair bring them back, restores
 * everything on a fresh data dir from the recovery key, and removes an
 * account with its keychain entries.
 */
import { mkdir, mkdtemp, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createBucket, startRcloneServer, startSwiftServer, type RcloneServer, type SwiftServer } from '../scripts/servers/index';
import { startSecretService, type SecretService } from '../scripts/servers/secret-service';
import { ApiError, parseInput, type AccountSummary } from '../shared/api';
import type { AccountInput } from '../shared/accounts';
import { RaicService } from './raic-service';

const BUCKET = 'raic-integration';
const KEYCHAIN_SERVICE = `RAIC-integration-${randomBytes(3).toString('hex')}`;

let secretService: SecretService;
let swift: SwiftServer;
let webdav: RcloneServer;
let sftp: RcloneServer;
let scratch: string;
const logLines: string[] = [];
const services: RaicService[] = [];

beforeAll(async () => {
  secretService = await startSecretService();
  // The keychain library binds to the session bus at its first call: point it at the private one first.
  process.env.DBUS_SESSION_BUS_ADDRESS = secretService.env.DBUS_SESSION_BUS_ADDRESS;
  [swift, webdav, sftp] = await Promise.all([startSwiftServer(), startRcloneServer('webdav'), startRcloneServer('sftp')]);
  await createBucket(swift, BUCKET);
  for (const server of [webdav, sftp]) await mkdir(path.join(server.dataDir, 'raic'), { recursive: true });
  scratch = await mkdtemp(path.join(tmpdir(), 'raic-integration-'));
}, 180_000);

afterAll(async () => {
  for (const service of services) await service.close().catch(() => undefined);
  await Promise.all([swift?.stop(), webdav?.stop(), sftp?.stop()]);
  await secretService?.stop();
  if (scratch) await rm(scratch, { recursive: true, force: true });
});

async function openService(name: string): Promise<{ service: RaicService; dataDir: string }> {
  const dataDir = path.join(scratch, name);
  const service = await RaicService.open(dataDir, { secretServiceName: KEYCHAIN_SERVICE, log: (line) => logLines.push(line), backupDebounceMs: 60_000 });
  services.push(service);
  service.startBackground({ monitor: false });
  // This grid uses the accounts below, not the built-in folders of a new data dir.
  for (const account of (await service.getStatus()).accounts) await service.removeAccount({ id: account.id });
  return { service, dataDir };
}

function accountInputs(): AccountInput[] {
  return [
    { provider: 'local', name: 'Laptop disk', path: path.join(scratch, 'local-a') },
    { provider: 'local', name: 'USB disk', path: path.join(scratch, 'local-b') },
    {
      provider: 's3',
      name: 'Object storage',
      preset: 'other',
      endpoint: swift.s3.endpoint,
      region: swift.s3.region,
      bucket: BUCKET,
      prefix: 'raic/',
      accessKeyId: swift.s3.accessKeyId,
      secretAccessKey: swift.s3.secretAccessKey,
    },
    { provider: 'webdav', name: 'Nextcloud', url: `${webdav.url}/raic/`, username: webdav.user, password: webdav.password },
    { provider: 'sftp', name: 'Home server', host: sftp.host, port: sftp.port, username: sftp.user, password: sftp.password, root: '/raic' },
  ];
}

async function addAll(service: RaicService): Promise<AccountSummary[]> {
  const added: AccountSummary[] = [];
  for (const input of accountInputs()) added.push(await service.addAccount(parseInput('addAccount', input)));
  return added;
}

async function keychainLookup(ref: string): Promise<string> {
  return (await secretService.secretTool('lookup', 'service', KEYCHAIN_SERVICE, 'username', ref)).stdout;
}

async function makeFolder(): Promise<{ folder: string; files: Map<string, Buffer> }> {
  const folder = path.join(scratch, 'source', 'Documents');
  await mkdir(path.join(folder, 'taxes'), { recursive: true });
  const files = new Map<string, Buffer>([
    ['letter.odt', randomBytes(180_000)],
    ['taxes/2025.pdf', randomBytes(1_400_000)],
    ['taxes/receipts.zip', randomBytes(600_000)],
  ]);
  for (const [name, bytes] of files) await writeFile(path.join(folder, name), bytes);
  return { folder, files };
}

describe('the grid service with real backends and the keychain', () => {
  let service: RaicService;
  let dataDir: string;
  let accounts: AccountSummary[];
  let files: Map<string, Buffer>;

  it('refuses an S3 account with a wrong secret, saving nothing, then adds all five accounts with secrets only in the keychain', async () => {
    ({ service, dataDir } = await openService('main'));
    const configBefore = await readFile(path.join(dataDir, 'grid.json'), 'utf8');
    const wrong = { ...accountInputs()[2]!, secretAccessKey: 'definitely-not-the-secret' } as AccountInput;
    const error = await service.addAccount(parseInput('addAccount', wrong)).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ApiError);
    expect((error as ApiError).field).toBe('connection');
    expect((error as ApiError).message).toMatch(/Nothing was saved/);
    expect((error as ApiError).message).not.toContain('definitely-not-the-secret');
    expect(await readFile(path.join(dataDir, 'grid.json'), 'utf8')).toBe(configBefore);

    accounts = await addAll(service);
    expect(accounts.map((a) => a.provider)).toEqual(['local', 'local', 's3', 'webdav', 'sftp']);
    const s3 = accounts[2]!;
    expect(s3.storedSecrets).toEqual(['accessKeyId', 'secretAccessKey']);
    expect(await keychainLookup(`${s3.id}/secretAccessKey`)).toBe(swift.s3.secretAccessKey);
    expect(await keychainLookup(`${accounts[3]!.id}/password`)).toBe(webdav.password);
    const config = await readFile(path.join(dataDir, 'grid.json'), 'utf8');
    for (const secret of [swift.s3.secretAccessKey, webdav.password, sftp.password]) expect(config).not.toContain(secret);
    expect((await service.getStatus()).secretStore.kind).toBe('keychain');
    expect((await service.testAccount({ id: s3.id })).ok).toBe(true);
  });

  it('uploads a folder across all five and shows usage rising on each', async () => {
    const before = await service.getUsage();
    expect(before.totals.bytesStored).toBe(0);
    let folder: string;
    ({ folder, files } = await makeFolder());
    const { jobs } = await service.uploadPaths(parseInput('uploadPaths', { sources: [folder], folder: '/' }));
    await service.jobsIdle();
    for (const job of jobs) expect(service.getJob(job.id)?.state, service.getJob(job.id)?.error ?? '').toBe('done');
    const after = await service.getUsage();
    for (const account of after.accounts) expect(account.bytesStored, account.name).toBeGreaterThan(0);
    expect(after.totals.fileBytes).toBe([...files.values()].reduce((s, b) => s + b.length, 0));
    expect((await service.runHealthCheck({ verify: true })).counts.healthy).toBe(files.size);
  });

  it('reports a stopped server, sees files degrade, then repairs onto a new account', async () => {
    await webdav.kill();
    const pass = await service.runHealthCheck({ repair: false });
    expect(pass.counts.degraded).toBe(files.size);
    const health = await service.getHealth();
    expect(health.status).toBe('degraded');
    const nextcloud = health.accounts.find((a) => a.name === 'Nextcloud')!;
    expect(nextcloud.online).toBe(false);
    expect(nextcloud.lastError).toBeTruthy();
    const events = await service.listEvents({});
    expect(events.some((e) => e.kind === 'account-offline' && e.accountId === nextcloud.id)).toBe(true);

    await service.addAccount(parseInput('addAccount', { provider: 'local', name: 'New disk', path: path.join(scratch, 'local-c') }));
    const repaired = await service.runHealthCheck({ repair: true });
    expect(repaired.repaired).toBe(files.size);
    expect((await service.getHealth()).status).toBe('healthy');

    await webdav.restart();
    await service.runHealthCheck({});
    expect((await service.getHealth()).accounts.find((a) => a.name === 'Nextcloud')!.online).toBe(true);
    expect((await service.listEvents({})).some((e) => e.kind === 'account-online')).toBe(true);
  });

  it('restores every file on a fresh data dir from the recovery key and the same accounts', async () => {
    await service.publishCatalogNow();
    const { words } = await service.getRecoveryKey();
    const fresh = (await openService('fresh')).service;
    await addAll(fresh);
    const result = await fresh.restoreFromRecoveryKey({ key: words.join(' ') });
    expect(result.filesRestored).toBe(files.size);
    expect(result.missingAccounts.map((a) => a.name)).toEqual(['New disk']);
    const out = path.join(scratch, 'restored');
    await mkdir(out, { recursive: true });
    for (const [name, bytes] of files) {
      const destination = path.join(out, name.replace('/', '_'));
      await fresh.downloadToPath({ path: `/Documents/${name}`, destination });
      await fresh.jobsIdle();
      expect((await readFile(destination)).equals(bytes), name).toBe(true);
    }
  });

  it('removes an account with its keychain entries, and no secret reached a log or the data dir', async () => {
    const s3 = accounts[2]!;
    await service.removeAccount({ id: s3.id, moveShares: true });
    expect(await keychainLookup(`${s3.id}/secretAccessKey`)).toBe('');
    expect(await keychainLookup(`${s3.id}/accessKeyId`)).toBe('');
    const secrets = [swift.s3.secretAccessKey, webdav.password, sftp.password];
    for (const line of logLines) for (const secret of secrets) expect(line).not.toContain(secret);
    for (const file of await filesUnder(dataDir)) {
      const text = await readFile(file, 'latin1');
      for (const secret of secrets) expect(text.includes(secret), file).toBe(false);
    }
  });
});

async function filesUnder(dir: string): Promise<string[]> {
  const out: string[] = [];
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) out.push(...(await filesUnder(full)));
    else if (entry.isFile()) out.push(full);
  }
  return out;
}
