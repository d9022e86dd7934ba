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
import { withRetry } from '../retrying';
import { RcloneBlobStore, RcloneBridge } from './index';

const WRONG_PASSWORD = 'definitely-not-the-sftp-password';
const TEST_RETRY = { maxAttempts: 3, baseDelayMs: 100, maxDelayMs: 500 };
let server: RcloneServer;
let folders = 0;
const bridges: RcloneBridge[] = [];

async function freshFolder(): Promise<string> {
  const name = `run-${folders++}`;
  await mkdir(path.join(server.dataDir, name));
  return name;
}

async function openSftp(options: { password?: string; port?: number; policy?: Partial<RetryPolicy> } = {}) {
  const bridge = new RcloneBridge({
    remoteType: 'sftp',
    root: await freshFolder(),
    options: { host: server.host, port: String(options.port ?? server.port), user: server.user },
    secretOptions: { pass: options.password ?? server.password },
  });
  bridges.push(bridge);
  return withRetry(new RcloneBlobStore(bridge), options.policy ?? TEST_RETRY);
}

beforeAll(async () => {
  server = await startRcloneServer('sftp');
});
afterAll(async () => {
  await Promise.all(bridges.map((bridge) => bridge.close()));
  await server?.stop();
});

registerBlobStoreConformance('rclone (sftp remote through rclone serve webdav)', {
  open: () => openSftp(),
  openWithWrongCredentials: () => openSftp({ password: WRONG_PASSWORD }),
  openMisconfigured: () => openSftp({ port: 1 }),
  openRetrying: (policy) => openSftp({ policy }),
  secrets: () => [server.password, WRONG_PASSWORD, ...bridges.flatMap((bridge) => bridge.secrets())],
  server: {
    async kill() {
      for (const bridge of bridges) {
        const pid = bridge.pid();
        if (pid !== undefined) process.kill(pid, 'SIGKILL');
      }
    },
    async restart() {},
  },
});
