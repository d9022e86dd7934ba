/**
 * The rclone bridge to a remote that signs in: rclone's `sftp` type against
 * the test SFTP server (`rclone serve sftp` in scripts/servers/), its
 * password a secret option (obscured into the encrypted config). The
 * conformance suite runs unchanged, wrong credentials included: a
 * `credentials` error, and no secret in any message.
 */
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll } from 'vitest';
import { startRcloneServer, type RcloneServer } from '../../../scripts/servers/index';
import { registerBlobStoreConformance } from '../conformance';
import type { RetryPolicy } from '../common/retry';
import { TestBridges } from './test-support/test-bridges';

const WRONG_PASSWORD = 'definitely-not-the-sftp-password';
let server: RcloneServer;
let folders = 0;
const bridges = new TestBridges();

async function freshFolder(): Promise<string> {
  const name = `run-${folders++}`;
  await mkdir(path.join(server.dataDir, name));
  return name;
}

async function openSftp(options: { password?: string; port?: number; policy?: Partial<RetryPolicy> } = {}) {
  return bridges.open(
    {
      remoteType: 'sftp',
      root: await freshFolder(),
      options: { host: server.host, port: String(options.port ?? server.port), user: server.user },
      secretOptions: { pass: options.password ?? server.password },
    },
    options.policy,
  );
}

beforeAll(async () => {
  server = await startRcloneServer('sftp');
});
afterAll(async () => {
  await bridges.closeAll();
  await server?.stop();
});

registerBlobStoreConformance('rclone (sftp remote through rclone serve webdav)', {
  open: () => openSftp(),
  openWithWrongCredentials: () => openSftp({ password: WRONG_PASSWORD }),
  openMisconfigured: () => openSftp({ port: 1 }),
  openRetrying: (policy) => openSftp({ policy }),
  secrets: () => [server.password, WRONG_PASSWORD, ...bridges.secrets()],
  // rclone's WebDAV server answers a folder in one PROPFIND and the sftp remote has no pages: 120 blobs prove what 1,005 would.
  listingBlobs: 120,
  // SIGKILL the accounts' rclone children, as a crash would; the stores start new ones on their next operation.
  server: bridges.asKillableServer(),
});
