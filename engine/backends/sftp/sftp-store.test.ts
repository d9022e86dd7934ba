import { generateKeyPairSync } from 'node:crypto';
import { readdir } from 'node:fs/promises';
import path from 'node:path';
import SftpClient from 'ssh2-sftp-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startRcloneServer, type RcloneServer } from '../../../scripts/servers/index';
import { registerBlobStoreConformance } from '../conformance';
import { withRetry } from '../retrying';
import { BackendConfigError } from '../types';
import { SftpBlobStore, type SftpStoreSettings } from './index';

const WRONG_PASSWORD = 'definitely-not-the-password';
/** Tries for the conformance stores, opened behind the retrying wrapper as the registry opens them. */
const TEST_RETRY = { maxAttempts: 3, baseDelayMs: 100, maxDelayMs: 500 };

/** An RSA key pair: the private key as PEM (which ssh2 reads) and its authorized_keys line. */
function sshRsaKeyPair(): { privateKey: string; authorizedKey: string } {
  const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const jwk = publicKey.export({ format: 'jwk' });
  const sshString = (bytes: Buffer) => Buffer.concat([Buffer.from([0, 0, 0, 0].map((_, i) => (bytes.length >>> (24 - 8 * i)) & 0xff)), bytes]);
  const mpint = (base64url: string) => {
    const bytes = Buffer.from(base64url, 'base64url');
    return sshString(bytes[0] & 0x80 ? Buffer.concat([Buffer.from([0]), bytes]) : bytes);
  };
  const blob = Buffer.concat([sshString(Buffer.from('ssh-rsa')), mpint(jwk.e as string), mpint(jwk.n as string)]);
  return { privateKey: privateKey.export({ type: 'pkcs1', format: 'pem' }) as string, authorizedKey: `ssh-rsa ${blob.toString('base64')} raic-test` };
}
const clientKey = sshRsaKeyPair();
let server: RcloneServer;
let folders = 0;

async function settings(overrides: Partial<SftpStoreSettings> = {}): Promise<SftpStoreSettings> {
  const name = `run-${folders++}`;
  // Through the server, so rclone's directory cache knows the folder.
  const client = new SftpClient('test-setup', {});
  await client.connect({ host: server.host, port: server.port, username: server.user, password: server.password });
  await client.mkdir(`/${name}`);
  await client.end();
  return { host: server.host, port: server.port, username: server.user, password: server.password, root: `/${name}`, connectTimeoutMs: 10_000, ...overrides };
}

beforeAll(async () => {
  server = await startRcloneServer('sftp', { authorizedKey: clientKey.authorizedKey });
});
afterAll(async () => {
  await server?.stop();
});

registerBlobStoreConformance('sftp (rclone serve sftp)', {
  open: async () => withRetry(new SftpBlobStore(await settings()), TEST_RETRY),
  openWithWrongCredentials: async () => withRetry(new SftpBlobStore(await settings({ password: WRONG_PASSWORD })), TEST_RETRY),
  openMisconfigured: async () => withRetry(new SftpBlobStore(await settings({ root: '/no-such-folder' })), TEST_RETRY),
  openRetrying: async (policy) => withRetry(new SftpBlobStore(await settings()), policy),
  secrets: () => [server.password, WRONG_PASSWORD],
  server: { kill: () => server.kill(), restart: () => server.restart() },
});

describe('sftp backend specifics', () => {
  it('creates parent folders and leaves no temporary file behind', async () => {
    const config = await settings();
    const store = new SftpBlobStore(config);
    await store.put('shares/ab/abcdefgh/3', new Uint8Array(100));
    await store.put('shares/ab/abcdefgh/3', new Uint8Array(50));
    expect(await readdir(path.join(server.dataDir, config.root, 'shares/ab/abcdefgh'))).toEqual(['3']);
    expect((await store.stat('shares/ab/abcdefgh/3'))?.size).toBe(50);
    await store.close();
  });

  it('signs in with a private key instead of a password', async () => {
    const store = new SftpBlobStore({ ...(await settings()), password: undefined, privateKey: clientKey.privateKey });
    await store.put('key/a', new TextEncoder().encode('by key'));
    expect(new TextDecoder().decode(await store.get('key/a'))).toBe('by key');
    await store.close();
    const stranger = new SftpBlobStore({ ...(await settings()), password: undefined, privateKey: sshRsaKeyPair().privateKey });
    await expect(stranger.put('key/b', new Uint8Array(1))).rejects.toMatchObject({ reason: 'credentials' });
    await stranger.close();
  });

  it('pins the host key: the right fingerprint connects, another is refused', async () => {
    const config = await settings();
    const first = new SftpBlobStore(config);
    const result = await first.testConnection();
    await first.close();
    const fingerprint = /host key (SHA256:[A-Za-z0-9+/]+)/.exec(result.checks[0].detail)?.[1];
    expect(fingerprint).toBeDefined();

    const pinned = new SftpBlobStore({ ...config, hostKeySha256: fingerprint });
    expect((await pinned.testConnection()).ok).toBe(true);
    await pinned.close();

    const impostor = new SftpBlobStore({ ...config, hostKeySha256: 'SHA256:AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA' });
    const error = await impostor.put('x', new Uint8Array(1)).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(BackendConfigError);
    expect((error as BackendConfigError).reason).toBe('credentials');
    expect((error as Error).message).toContain(fingerprint);
    await impostor.close();
  });

  it('reports no disk figures when the server lacks statvfs@openssh.com (rclone 1.60 does)', async () => {
    const store = new SftpBlobStore(await settings());
    await store.put('q/a', new Uint8Array(10));
    expect(await store.capacity()).toEqual({ usedBytes: 10, objectCount: 1 });
    await store.close();
  });
});
