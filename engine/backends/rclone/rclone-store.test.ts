/**
 * The rclone bridge with real parts: Debian's rclone serving a `local`
 * remote (a temporary folder), reached through RAIC's WebDAV client. The
 * conformance suite runs unchanged; "the server" it kills is the account's
 * rclone child, which the store starts again by itself.
 */
import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { mkdir, mkdtemp, readFile, readdir, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { registerBlobStoreConformance } from '../conformance';
import type { RetryPolicy } from '../common/retry';
import { withRetry } from '../retrying';
import { BackendConfigError } from '../types';
import { encryptRcloneConfig } from './config-crypt';
import { RcloneBlobStore, RcloneBridge, findRclone, type RcloneBridgeSettings } from './index';
import { explainRcloneFailure, rcloneExcerpt } from './rclone-errors';

const TEST_RETRY = { maxAttempts: 3, baseDelayMs: 100, maxDelayMs: 500 };
let root: string;
let folders = 0;
const bridges: RcloneBridge[] = [];

function bridgeFor(settings: Partial<RcloneBridgeSettings> & { root: string }): RcloneBridge {
  const bridge = new RcloneBridge({ remoteType: 'local', options: {}, secretOptions: {}, ...settings });
  bridges.push(bridge);
  return bridge;
}

async function freshFolder(): Promise<string> {
  const folder = path.join(root, `run-${folders++}`);
  await mkdir(folder);
  return folder;
}

async function openLocal(policy: Partial<RetryPolicy> = TEST_RETRY) {
  return withRetry(new RcloneBlobStore(bridgeFor({ root: await freshFolder() })), policy);
}

beforeAll(async () => {
  root = await mkdtemp(path.join(tmpdir(), 'raic-rclone-test-'));
});
afterAll(async () => {
  await Promise.all(bridges.map((bridge) => bridge.close()));
  await rm(root, { recursive: true, force: true });
});

registerBlobStoreConformance('rclone (local remote through rclone serve webdav)', {
  open: () => openLocal(),
  openMisconfigured: async () => withRetry(new RcloneBlobStore(bridgeFor({ root: await freshFolder(), remoteType: 'nosuchtype' })), TEST_RETRY),
  openRetrying: (policy) => openLocal(policy),
  secrets: () => bridges.flatMap((bridge) => bridge.secrets()),
  server: {
    // SIGKILL every running rclone child, as a crash would; the stores start new ones on their next operation.
    async kill() {
      for (const bridge of bridges) {
        const pid = bridge.pid();
        if (pid !== undefined) process.kill(pid, 'SIGKILL');
      }
    },
    async restart() {},
  },
});

describe('rclone bridge specifics', () => {
  it('serves only with its random credentials, on 127.0.0.1', async () => {
    const bridge = bridgeFor({ root: await freshFolder() });
    const endpoint = await bridge.endpoint();
    expect(endpoint.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/$/);
    const anonymous = await fetch(endpoint.url, { method: 'PROPFIND', headers: { Depth: '0' } });
    await anonymous.body?.cancel();
    expect(anonymous.status).toBe(401);
    const signedIn = await fetch(endpoint.url, {
      method: 'PROPFIND',
      headers: { Depth: '0', Authorization: `Basic ${Buffer.from(`${endpoint.username}:${endpoint.password}`).toString('base64')}` },
    });
    await signedIn.body?.cancel();
    expect(signedIn.status).toBe(207);
    // Neither the WebDAV password nor the config password is on rclone's command line.
    const commandLine = await readFile(`/proc/${bridge.pid()}/cmdline`, 'utf8');
    for (const secret of bridge.secrets()) expect(commandLine).not.toContain(secret);
  });

  it('keeps the remote configuration only encrypted, in a private folder, and deletes it on close', async () => {
    const secret = 'Sup3r-secret-sftp-password';
    // An sftp remote nobody listens for: the config is written, then rclone fails to connect.
    const bridge = bridgeFor({ root: 'raic', remoteType: 'sftp', options: { host: '127.0.0.1', port: '1', user: 'ann' }, secretOptions: { pass: secret } });
    const failure = await bridge.endpoint().then(
      () => undefined,
      (error: unknown) => error,
    );
    expect(failure).toBeInstanceOf(BackendConfigError);
    expect((failure as BackendConfigError).reason).toBe('unreachable');
    expect((failure as Error).message).toMatch(/rclone cannot reach the sftp remote/);
    expect((failure as Error).message).not.toContain(secret);

    const folder = bridge.workFolder!;
    expect((await stat(folder)).mode & 0o777).toBe(0o700);
    const configFile = path.join(folder, 'rclone.conf');
    expect((await stat(configFile)).mode & 0o777).toBe(0o600);
    const config = await readFile(configFile, 'utf8');
    expect(config).toMatch(/^# Encrypted rclone configuration File\n\nRCLONE_ENCRYPT_V0:\n[A-Za-z0-9+/=]+\n$/);
    for (const name of await readdir(folder, { recursive: true })) {
      const file = path.join(folder, name);
      if ((await stat(file)).isFile()) expect(await readFile(file, 'utf8')).not.toMatch(/Sup3r|pass|ann/);
    }
    await bridge.close();
    await expect(stat(folder)).rejects.toThrow(/ENOENT/);
  });

  it('writes a config file rclone itself decrypts with the password, and refuses with another', () => {
    const plain = '[raic]\ntype = local\nlinks = true\n';
    const file = path.join(root, 'crypt-check.conf');
    writeFileSync(file, encryptRcloneConfig(plain, 'the-password'));
    const env = Object.fromEntries(Object.entries(process.env).filter(([name]) => !name.startsWith('RCLONE_')));
    const good = spawnSync('rclone', ['config', 'show', '--config', file, '--ask-password=false'], { env: { ...env, RCLONE_CONFIG_PASS: 'the-password' }, encoding: 'utf8' });
    expect(good.status).toBe(0);
    expect(good.stdout).toContain('[raic]\ntype = local\nlinks = true');
    const bad = spawnSync('rclone', ['config', 'show', '--config', file, '--ask-password=false'], { env: { ...env, RCLONE_CONFIG_PASS: 'not-it' }, encoding: 'utf8' });
    expect(bad.status).not.toBe(0);
  });

  it('stops its rclone child on close', async () => {
    const store = new RcloneBlobStore(bridgeFor({ root: await freshFolder() }));
    await store.put('x', new Uint8Array([1, 2, 3]));
    const bridge = bridges.at(-1)!;
    const pid = bridge.pid()!;
    const folder = bridge.workFolder!;
    await store.close();
    expect(() => process.kill(pid, 0)).toThrow();
    await expect(stat(folder)).rejects.toThrow(/ENOENT/);
    await expect(store.get('x')).rejects.toThrow(/closed/);
  });

  it('says in one sentence how to get rclone when it is missing', () => {
    expect(() => findRclone(undefined, '/nonexistent')).toThrow(/^rclone is not installed: install it \(Debian and Ubuntu: sudo apt install rclone; .*https:\/\/rclone\.org\/downloads\/\) and restart RAIC, or set the path to the rclone program in Settings\.$/);
    expect(() => findRclone('/nonexistent/rclone')).toThrow(/RAIC_RCLONE names \/nonexistent\/rclone, which is not an rclone program/);
    expect(findRclone(undefined, `/nonexistent${path.delimiter}/usr/bin`)).toBe('/usr/bin/rclone');
  });

  it("turns rclone's log into plain-language errors and scrubs what it quotes", () => {
    const line = (text: string) => `2026/12/05 07:29:08 ERROR : ${text}`;
    expect(explainRcloneFailure([line('Failed to create file system: couldn\'t connect SSH: ssh: handshake failed: ssh: unable to authenticate')], 'sftp')).toMatchObject({
      reason: 'credentials',
      message: expect.stringMatching(/^the sftp remote refused rclone's sign-in/),
    });
    expect(explainRcloneFailure([line('oauth2: cannot fetch token: 400 Bad Request Response: {"error":"invalid_grant"}')], 'drive')?.reason).toBe('credentials');
    expect(explainRcloneFailure([line('googleapi: Error 403: The user\'s Drive storage quota has been exceeded., storageQuotaExceeded')], 'drive')?.reason).toBe('quota');
    expect(explainRcloneFailure([line('Failed to open: permission denied')], 'local')?.reason).toBe('permission');
    expect(explainRcloneFailure([line('Failed to copy: insufficient storage')], 'webdav')?.reason).toBe('quota');
    expect(explainRcloneFailure([line('dial tcp 10.0.0.1:22: connect: connection refused')], 'sftp')?.reason).toBe('unreachable');
    expect(explainRcloneFailure([line('something nobody foresaw')], 'sftp')).toBeUndefined();
    const excerpt = rcloneExcerpt([line('GET https://ann:hunter22@dav.example/x?access_token=abc123&y=1 failed with tok-SECRET-1')], ['tok-SECRET-1']);
    expect(excerpt).toBe('GET https://***@dav.example/x?access_token=***&y=1 failed with ***');
  });
});
