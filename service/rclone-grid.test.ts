/**
 * A grid made only of rclone-backed accounts, in a real service, through its
 * API: three `local` remotes on separate folders, a `webdav` remote on the
 * test WebDAV server and an `sftp` remote on the test SFTP server (both
 * `rclone serve` from scripts/servers/), their passwords in a real Secret
 * Service (gnome-keyring on a private D-Bus bus). Every account runs its own
 * supervised `rclone serve webdav` child.
 *
 * Stores a folder, reads every file back byte for byte, loses the WebDAV
 * account (disabled, so its shares are out of reach), still reads
 * every file, then adds a fourth folder and a health check with repair
 * brings every file back to full health. No secret reaches a log line, an
 * error or the data dir.
 */
import { randomBytes } from 'node:crypto';
import { mkdir, mkdtemp, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startRcloneServer, type RcloneServer } from '../scripts/servers/index';
import { startSecretService, type SecretService } from '../scripts/servers/secret-service';
import { parseInput, type AccountSummary } from '../shared/api';
import type { AccountInput } from '../shared/accounts';
import { RaicService } from './raic-service';

const KEYCHAIN_SERVICE = `RAIC-rclone-grid-${randomBytes(3).toString('hex')}`;

let secretService: SecretService;
let webdav: RcloneServer;
let sftp: RcloneServer;
let scratch: string;
let savedBus: string | undefined;
const logLines: string[] = [];
let service: RaicService | undefined;

beforeAll(async () => {
  secretService = await startSecretService();
  // The keychain library binds to the session bus at its first call: point it at the private one first.
  savedBus = process.env.DBUS_SESSION_BUS_ADDRESS;
  process.env.DBUS_SESSION_BUS_ADDRESS = secretService.env.DBUS_SESSION_BUS_ADDRESS;
  [webdav, sftp] = await Promise.all([startRcloneServer('webdav'), startRcloneServer('sftp')]);
  for (const server of [webdav, sftp]) await mkdir(path.join(server.dataDir, 'raic'), { recursive: true });
  scratch = await mkdtemp(path.join(tmpdir(), 'raic-rclone-grid-'));
}, 120_000);

afterAll(async () => {
  await service?.close().catch(() => undefined);
  await Promise.all([webdav?.stop(), sftp?.stop()]);
  await secretService?.stop();
  if (savedBus === undefined) delete process.env.DBUS_SESSION_BUS_ADDRESS;
  else process.env.DBUS_SESSION_BUS_ADDRESS = savedBus;
  if (scratch) await rm(scratch, { recursive: true, force: true });
});

function localRemote(name: string, folder: string): AccountInput {
  return { provider: 'rclone', name, remoteType: 'local', root: path.join(scratch, folder) } as AccountInput;
}

function accountInputs(): AccountInput[] {
  return [
    localRemote('Folder A (rclone)', 'remote-a'),
    localRemote('Folder B (rclone)', 'remote-b'),
    localRemote('Folder C (rclone)', 'remote-c'),
    {
      provider: 'rclone',
      name: 'WebDAV (rclone)',
      remoteType: 'webdav',
      root: 'raic',
      options: `url=${webdav.url}\nvendor=other\nuser=${webdav.user}`,
      secretOptions: `pass=${webdav.password}`,
    } as AccountInput,
    {
      provider: 'rclone',
      name: 'SFTP (rclone)',
      remoteType: 'sftp',
      root: 'raic',
      options: `host=${sftp.host}\nport=${sftp.port}\nuser=${sftp.user}`,
      secretOptions: `pass=${sftp.password}`,
    } as AccountInput,
  ];
}

async function keychainLookup(ref: string): Promise<string> {
  return (await secretService.secretTool('lookup', 'service', KEYCHAIN_SERVICE, 'username', ref)).stdout;
}

async function filesUnder(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { withFileTypes: true, recursive: true }).catch(() => []);
  return entries.filter((entry) => entry.isFile()).map((entry) => path.join(entry.parentPath, entry.name));
}

/** Downloads every file and compares it with the original, byte for byte. */
async function expectAllReadBack(grid: RaicService, files: ReadonlyMap<string, Buffer>, into: string): Promise<void> {
  await mkdir(into, { recursive: true });
  for (const [name, bytes] of files) {
    const destination = path.join(into, name.replaceAll('/', '_'));
    const job = await grid.downloadToPath({ path: `/Photos/${name}`, destination });
    await grid.jobsIdle();
    expect(grid.getJob(job.id)?.state, grid.getJob(job.id)?.error ?? '').toBe('done');
    expect((await readFile(destination)).equals(bytes), name).toBe(true);
  }
}

describe('a grid of rclone-backed accounts in a real service', () => {
  let dataDir: string;
  let accounts: AccountSummary[];
  const files = new Map<string, Buffer>([
    ['beach.jpg', randomBytes(250_000)],
    // Over the 1 MiB segment size: several segments, each erasure-coded.
    ['album/video.mp4', randomBytes(2_600_000)],
    ['album/notes.txt', randomBytes(3_000)],
    // Just over the 55 bytes below which a file is a literal cap and touches no account.
    ['tiny.txt', randomBytes(100)],
  ]);

  it('adds five rclone accounts (three folders, WebDAV, SFTP) with their passwords only in the keychain', async () => {
    dataDir = path.join(scratch, 'data');
    service = await RaicService.open(dataDir, { secretServiceName: KEYCHAIN_SERVICE, log: (line) => logLines.push(line), backupDebounceMs: 60_000 });
    service.startBackground({ monitor: false });
    // This grid is the rclone accounts below, not the built-in folders of a new data dir.
    for (const account of (await service.getStatus()).accounts) await service.removeAccount({ id: account.id });

    accounts = [];
    for (const input of accountInputs()) accounts.push(await service.addAccount(parseInput('addAccount', input)));
    expect(accounts.map((a) => a.provider)).toEqual(['rclone', 'rclone', 'rclone', 'rclone', 'rclone']);
    expect((await service.getStatus()).secretStore.kind).toBe('keychain');
    expect(await keychainLookup(`${accounts[3]!.id}/secretOptions`)).toBe(`pass=${webdav.password}`);
    expect(await keychainLookup(`${accounts[4]!.id}/secretOptions`)).toBe(`pass=${sftp.password}`);
    const config = await readFile(path.join(dataDir, 'grid.json'), 'utf8');
    for (const secret of [webdav.password, sftp.password]) expect(config).not.toContain(secret);
    for (const account of accounts) expect((await service.testAccount({ id: account.id })).ok, account.name).toBe(true);
  });

  it('stores a folder on all five and reads every file back byte for byte', async () => {
    const source = path.join(scratch, 'source', 'Photos');
    for (const [name, bytes] of files) {
      await mkdir(path.dirname(path.join(source, name)), { recursive: true });
      await writeFile(path.join(source, name), bytes);
    }
    const { jobs } = await service!.uploadPaths(parseInput('uploadPaths', { sources: [source], folder: '/' }));
    await service!.jobsIdle();
    for (const job of jobs) expect(service!.getJob(job.id)?.state, service!.getJob(job.id)?.error ?? '').toBe('done');

    // Shares landed where each remote keeps them: the folders, and the WebDAV and SFTP servers' folders.
    for (const folder of ['remote-a', 'remote-b', 'remote-c']) expect((await filesUnder(path.join(scratch, folder))).length, folder).toBeGreaterThan(0);
    for (const server of [webdav, sftp]) expect((await filesUnder(path.join(server.dataDir, 'raic'))).length, server.protocol).toBeGreaterThan(0);
    const usage = await service!.getUsage();
    for (const account of usage.accounts) expect(account.bytesStored, account.name).toBeGreaterThan(0);

    await expectAllReadBack(service!, files, path.join(scratch, 'read-1'));
    const verified = await service!.runHealthCheck({ verify: true });
    expect(verified.counts.healthy).toBe(files.size);
  });

  it('loses the WebDAV account (disabled: its shares out of reach) and still reads every file', async () => {
    const lostId = accounts[3]!.id;
    await service!.setAccountEnabled({ id: lostId, enabled: false });
    const pass = await service!.runHealthCheck({ repair: false });
    expect(pass.counts.degraded).toBe(files.size);
    const health = await service!.getHealth();
    expect(health.status).toBe('degraded');
    expect(health.accounts.find((a) => a.id === lostId)?.online ?? false).toBe(false);
    for (const account of health.accounts.filter((a) => a.id !== lostId)) expect(account.online, account.name).toBe(true);

    await expectAllReadBack(service!, files, path.join(scratch, 'read-2'));
  });

  it('repairs onto a new rclone folder once one is added, back to full health', async () => {
    const added = await service!.addAccount(parseInput('addAccount', localRemote('Folder D (rclone)', 'remote-d')));
    const repaired = await service!.runHealthCheck({ repair: true });
    expect(repaired.repaired).toBe(files.size);
    const health = await service!.getHealth();
    expect(health.status).toBe('healthy');
    expect((await filesUnder(path.join(scratch, 'remote-d'))).length).toBeGreaterThan(0);

    // Full health is real: with the WebDAV account still out, every file has its shares on the others.
    const verified = await service!.runHealthCheck({ verify: true, repair: false });
    expect(verified.counts.healthy).toBe(files.size);
    expect(health.accounts.find((a) => a.id === added.id)?.online).toBe(true);
    await expectAllReadBack(service!, files, path.join(scratch, 'read-3'));
  });

  it('let no secret reach a log line or the data dir', async () => {
    const secrets = [webdav.password, sftp.password];
    for (const line of logLines) for (const secret of secrets) expect(line).not.toContain(secret);
    // The service is still running (backups, usage), so files come and go while they are read: a temporary
    // renamed away before it is read is skipped, and the folder is listed again until no new file shows.
    const read = new Set<string>();
    for (let pass = 0; pass < 5; pass++) {
      const unread = (await filesUnder(dataDir)).filter((file) => !read.has(file));
      if (unread.length === 0) break;
      for (const file of unread) {
        read.add(file);
        const text = await readFile(file, 'latin1').catch((error: NodeJS.ErrnoException) => {
          if (error.code === 'ENOENT') return undefined;
          throw error;
        });
        for (const secret of secrets) expect(text?.includes(secret) ?? false, file).toBe(false);
      }
    }
    expect(read.size).toBeGreaterThan(0);
  });
});
