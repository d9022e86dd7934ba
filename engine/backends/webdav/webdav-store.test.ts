import { readdir, stat } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startRcloneServer, type RcloneServer } from '../../../scripts/servers/index';
import { registerBlobStoreConformance } from '../conformance';
import { withRetry } from '../retrying';
import { WebDavBlobStore, parseMultistatus, type WebDavStoreSettings } from './index';

const WRONG_PASSWORD = 'definitely-not-the-password';
/** Tries for the conformance stores, opened behind the retrying wrapper as the registry opens them. */
const TEST_RETRY = { maxAttempts: 3, baseDelayMs: 100, maxDelayMs: 500 };
let server: RcloneServer;
let folders = 0;

async function freshFolder(): Promise<string> {
  const name = `run-${folders++}`;
  const response = await fetch(`${server.url}/${name}/`, {
    method: 'MKCOL',
    headers: { Authorization: `Basic ${Buffer.from(`${server.user}:${server.password}`).toString('base64')}` },
  });
  expect(response.status).toBe(201);
  return name;
}

async function settings(overrides: Partial<WebDavStoreSettings> = {}): Promise<WebDavStoreSettings> {
  return {
    url: `${server.url}/${await freshFolder()}/`,
    username: server.user,
    password: server.password,
    ...overrides,
  };
}

beforeAll(async () => {
  server = await startRcloneServer('webdav');
});
afterAll(async () => {
  await server?.stop();
});

registerBlobStoreConformance('webdav (rclone serve webdav)', {
  open: async () => withRetry(new WebDavBlobStore(await settings()), TEST_RETRY),
  openWithWrongCredentials: async () => withRetry(new WebDavBlobStore(await settings({ password: WRONG_PASSWORD })), TEST_RETRY),
  openMisconfigured: async () => withRetry(new WebDavBlobStore(await settings({ url: `${server.url}/no-such-folder/` })), TEST_RETRY),
  openRetrying: async (policy) => withRetry(new WebDavBlobStore(await settings()), policy),
  secrets: () => [server.password, WRONG_PASSWORD],
  server: { kill: () => server.kill(), restart: () => server.restart() },
});

describe('webdav backend specifics', () => {
  it('creates parent folders and leaves no temporary file behind', async () => {
    const config = await settings();
    const store = new WebDavBlobStore(config);
    await store.put('shares/ab/abcdefgh/3', new Uint8Array(100));
    const folder = path.join(server.dataDir, new URL(config.url).pathname, 'shares/ab/abcdefgh');
    expect(await readdir(folder)).toEqual(['3']);
  });

  it('treats quota properties the server lacks as unknown (rclone 1.60 answers them with a 404 propstat)', async () => {
    const store = new WebDavBlobStore(await settings());
    await store.put('q/a', new Uint8Array(10));
    const capacity = await store.capacity();
    expect(capacity).toEqual({ usedBytes: 10, objectCount: 1, freeBytes: undefined, quotaBytes: undefined });
  });

  it('parses multistatus answers with any namespace prefix, absolute hrefs and missing properties', () => {
    const xml = `<?xml version="1.0"?>
<d:multistatus xmlns:d="DAV:">
  <d:response><d:href>https://dav.example/files/ann/raic/</d:href>
    <d:propstat><d:prop><d:resourcetype><d:collection/></d:resourcetype><d:quota-available-bytes>5000</d:quota-available-bytes><d:quota-used-bytes>12</d:quota-used-bytes></d:prop><d:status>HTTP/1.1 200 OK</d:status></d:propstat>
    <d:propstat><d:prop><d:getcontentlength/></d:prop><d:status>HTTP/1.1 404 Not Found</d:status></d:propstat>
  </d:response>
  <d:response><d:href>/files/ann/raic/a%20b/0001</d:href>
    <d:propstat><d:prop><d:resourcetype/><d:getcontentlength>1000</d:getcontentlength><d:getlastmodified>Mon, 30 Nov 2026 07:00:00 GMT</d:getlastmodified></d:prop><d:status>HTTP/1.1 200 OK</d:status></d:propstat>
  </d:response>
</d:multistatus>`;
    expect(parseMultistatus(xml, 'https://dav.example/files/ann/raic/')).toEqual([
      { path: '/files/ann/raic/', isCollection: true, size: undefined, modified: undefined, quotaAvailableBytes: 5000, quotaUsedBytes: 12 },
      { path: '/files/ann/raic/a b/0001', isCollection: false, size: 1000, modified: new Date('2026-11-30T07:00:00Z'), quotaAvailableBytes: undefined, quotaUsedBytes: undefined },
    ]);
  });
});

describe('creating a missing account folder', () => {
  it('creates every missing level one MKCOL at a time, and says so only the first time', async () => {
    const parent = await freshFolder();
    const config = await settings({ url: `${server.url}/${parent}/new%20one/raic/` });
    const store = new WebDavBlobStore(config);
    await expect(store.checkAccess()).rejects.toThrow(/does not exist/);
    expect(await store.createRootFolder()).toBe(true);
    expect((await stat(path.join(server.dataDir, parent, 'new one', 'raic'))).isDirectory()).toBe(true);
    expect((await store.checkAccess()).ok).toBe(true);
    expect(await new WebDavBlobStore(config).createRootFolder()).toBe(false);
  });

  it('refuses with the sign-in failure, without the password, when the password is wrong', async () => {
    const store = new WebDavBlobStore(await settings({ url: `${server.url}/never-made/`, password: WRONG_PASSWORD }));
    const failure = await store.createRootFolder().then(() => undefined, (error: Error) => error);
    expect(failure?.message).toMatch(/401/);
    expect(failure?.message).not.toContain(WRONG_PASSWORD);
    await expect(stat(path.join(server.dataDir, 'never-made'))).rejects.toThrow(/ENOENT/);
  });
});
