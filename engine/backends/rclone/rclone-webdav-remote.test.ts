/**
 * The rclone bridge to a `webdav` remote: the account's rclone child speaks
 * WebDAV to the test WebDAV server (another `rclone serve webdav`, from
 * scripts/servers/), whose password is a secret option, obscured into the
 * encrypted config. So a blob goes RAIC's WebDAV client → the account's
 * rclone → the test server → its folder. The conformance suite runs
 * unchanged, wrong credentials included: a `credentials` error, and no
 * secret (the server's password, the wrong one, the bridge's own) in any
 * message.
 */
import { mkdir, readFile, readdir } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startRcloneServer, type RcloneServer } from '../../../scripts/servers/index';
import { registerBlobStoreConformance } from '../conformance';
import type { RetryPolicy } from '../common/retry';
import { TestBridges } from './test-support/test-bridges';

const WRONG_PASSWORD = 'definitely-not-the-webdav-password';
/**
 * The big streamed blob crosses two rclone processes here; the `local`
 * remote test already measures memory at 100 MiB, so this one keeps CI time
 * down with a blob still far larger than any buffer in the path.
 */
const LARGE_BLOB_BYTES = 48 * (1 << 20) + 4321;
let server: RcloneServer;
let folders = 0;
const bridges = new TestBridges();

async function freshFolder(): Promise<string> {
  const name = `run-${folders++}`;
  await mkdir(path.join(server.dataDir, name));
  return name;
}

interface WebDavRemoteOverrides {
  password?: string;
  url?: string;
  policy?: Partial<RetryPolicy>;
}

async function openWebDav(overrides: WebDavRemoteOverrides = {}) {
  return bridges.open(
    {
      remoteType: 'webdav',
      root: await freshFolder(),
      options: { url: overrides.url ?? server.url, vendor: 'other', user: server.user },
      secretOptions: { pass: overrides.password ?? server.password },
    },
    overrides.policy,
  );
}

beforeAll(async () => {
  server = await startRcloneServer('webdav');
});
afterAll(async () => {
  await bridges.closeAll();
  await server?.stop();
});

registerBlobStoreConformance('rclone (webdav remote through rclone serve webdav)', {
  open: () => openWebDav(),
  openWithWrongCredentials: () => openWebDav({ password: WRONG_PASSWORD }),
  // Nobody listens on port 1: rclone cannot reach the remote.
  openMisconfigured: () => openWebDav({ url: 'http://127.0.0.1:1/' }),
  openRetrying: (policy) => openWebDav({ policy }),
  secrets: () => [server.password, WRONG_PASSWORD, ...bridges.secrets()],
  // rclone's WebDAV server answers a folder in one PROPFIND and the webdav remote has no pages: 120 blobs prove what 1,005 would.
  listingBlobs: 120,
  largeBlobBytes: LARGE_BLOB_BYTES,
  // SIGKILL the accounts' rclone children, as a crash would; the stores start new ones on their next operation.
  server: bridges.asKillableServer(),
});

describe('rclone webdav remote specifics', () => {
  it('lands each blob on the WebDAV server under the root folder, with no temporary file left', async () => {
    const store = await openWebDav();
    const folder = path.join(server.dataDir, `run-${folders - 1}`);
    try {
      await store.put('shares/ab/abcdefgh/3', new Uint8Array(321).fill(7));
      await store.put('shares/ab/abcdefgh/3', new Uint8Array(123).fill(9));
      expect(await readdir(path.join(folder, 'shares/ab/abcdefgh'))).toEqual(['3']);
      expect(await readFile(path.join(folder, 'shares/ab/abcdefgh/3'))).toEqual(Buffer.alloc(123, 9));
    } finally {
      await store.close();
    }
  });
});
