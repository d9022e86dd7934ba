import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSwiftServer, type SwiftServer } from '../../../scripts/servers/index';
import { registerBlobStoreConformance } from '../conformance';
import { patternBody } from '../test-data';
import { BackendConfigError } from '../types';
import { withRetry } from '../retrying';
import { SwiftBlobStore, keystoneTokenRequest, objectStoreEndpoint, type SwiftStoreSettings } from './index';

const CONTAINER = 'raic-conformance';
const WRONG_KEY = 'definitely-not-the-key';
const MiB = 1 << 20;
/** Tries for the conformance stores, opened behind the retrying wrapper as the registry opens them. */
const TEST_RETRY = { maxAttempts: 3, baseDelayMs: 100, maxDelayMs: 500 };
let swift: SwiftServer;
let stores = 0;

/** Direct Swift access for checking what the backend left on the server. */
async function admin(method: string, path: string, headers: Record<string, string> = {}): Promise<Response> {
  const auth = await fetch(swift.authUrl, { headers: { 'X-Auth-User': swift.user, 'X-Auth-Key': swift.key } });
  const response = await fetch(`${auth.headers.get('x-storage-url')}${path}`, { method, headers: { ...headers, 'X-Auth-Token': auth.headers.get('x-auth-token') ?? '' } });
  return response;
}

async function segmentNames(prefix: string): Promise<string[]> {
  const response = await admin('GET', `/${CONTAINER}_segments?format=json&prefix=${encodeURIComponent(prefix)}`);
  if (response.status === 404 || response.status === 204) return [];
  return ((await response.json()) as Array<{ name: string }>).map((entry) => entry.name);
}

function settings(overrides: Partial<SwiftStoreSettings> = {}): SwiftStoreSettings {
  return {
    auth: { kind: 'tempauth', authUrl: swift.authUrl, user: swift.user, key: swift.key },
    container: CONTAINER,
    prefix: `run-${stores++}/`,
    ...overrides,
  };
}

beforeAll(async () => {
  swift = await startSwiftServer();
  expect((await admin('PUT', `/${CONTAINER}`)).status).toBe(201);
});
afterAll(async () => {
  await swift?.stop();
});

registerBlobStoreConformance('swift', {
  open: async () => withRetry(new SwiftBlobStore(settings()), TEST_RETRY),
  openWithWrongCredentials: async () => withRetry(new SwiftBlobStore(settings({ auth: { kind: 'tempauth', authUrl: swift.authUrl, user: swift.user, key: WRONG_KEY } })), TEST_RETRY),
  openMisconfigured: async () => withRetry(new SwiftBlobStore(settings({ container: 'no-such-container' })), TEST_RETRY),
  openRetrying: async (policy) => withRetry(new SwiftBlobStore(settings()), policy),
  secrets: () => [swift.key, WRONG_KEY],
  server: { kill: () => swift.killProxy(), restart: () => swift.restartProxy() },
});

describe('swift backend specifics', () => {
  it('stores large bodies as a Static Large Object and cleans up replaced and deleted segments', async () => {
    const store = new SwiftBlobStore(settings({ segmentSizeBytes: 4 * MiB }));
    const prefix = `run-${stores - 1}/`;
    await store.put('slo/blob', patternBody('slo-1', 10 * MiB));
    const head = await admin('HEAD', `/${CONTAINER}/${prefix}slo/blob`);
    expect(head.headers.get('x-static-large-object')).toBe('True');
    expect(Number(head.headers.get('content-length'))).toBe(10 * MiB);
    expect(await segmentNames(`${prefix}slo/blob~`)).toHaveLength(3);
    const listed = [];
    for await (const info of store.list('slo/')) listed.push(info);
    expect(listed).toMatchObject([{ key: 'slo/blob', size: 10 * MiB }]);
    // A range across a segment boundary.
    expect((await store.get('slo/blob', { offset: 4 * MiB - 10, length: 20 })).byteLength).toBe(20);

    await store.put('slo/blob', patternBody('slo-2', 9 * MiB));
    const afterOverwrite = await segmentNames(`${prefix}slo/blob~`);
    expect(afterOverwrite).toHaveLength(3);
    expect(new Set(afterOverwrite.map((name) => name.split('/').slice(0, -1).join('/'))).size).toBe(1);

    await store.delete('slo/blob');
    expect(await segmentNames(`${prefix}slo/blob~`)).toEqual([]);
    expect(await store.stat('slo/blob')).toBeUndefined();
  });

  it('removes the segments of a large upload whose body fails', async () => {
    const store = new SwiftBlobStore(settings({ segmentSizeBytes: 2 * MiB }));
    const prefix = `run-${stores - 1}/`;
    await expect(store.put('slo/failed', patternBody('slo-failed', 10 * MiB, { failAfter: 7 * MiB }))).rejects.toThrow(/failed on purpose/);
    expect(await segmentNames(`${prefix}slo/failed~`)).toEqual([]);
    expect(await store.stat('slo/failed')).toBeUndefined();
  });

  it('reports a container quota and refuses writes beyond it', async () => {
    expect((await admin('PUT', '/raic-quota', { 'X-Container-Meta-Quota-Bytes': '10000' })).status).toBe(201);
    const store = new SwiftBlobStore(settings({ container: 'raic-quota', prefix: '' }));
    await store.put('a', new Uint8Array(4000));
    const capacity = await store.capacity();
    expect(capacity).toMatchObject({ usedBytes: 4000, objectCount: 1, quotaBytes: 10000, freeBytes: 6000 });
    const error = await store.put('b', new Uint8Array(8000)).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(BackendConfigError);
    expect((error as BackendConfigError).reason).toBe('quota');
  });

  it('signs in again when the token stops working', async () => {
    const store = new SwiftBlobStore(settings());
    await store.put('token/a', new Uint8Array(3));
    const internals = store as unknown as { session: Promise<{ token: string; storageUrl: string }> };
    const { storageUrl } = await internals.session;
    internals.session = Promise.resolve({ token: 'AUTH_tk0000000000000000000000000000000', storageUrl });
    expect((await store.get('token/a')).byteLength).toBe(3);
    expect((await internals.session).token).not.toBe('AUTH_tk0000000000000000000000000000000');
  });

  it('reports a user without rights on the account as BackendConfigError("permission")', async () => {
    const store = new SwiftBlobStore(settings({ auth: { kind: 'tempauth', authUrl: swift.authUrl, user: swift.unprivilegedUser, key: swift.unprivilegedKey } }));
    const error = await store.put('x', new Uint8Array(1)).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(BackendConfigError);
    expect((error as BackendConfigError).reason).toBe('permission');
  });

  it('builds Keystone v3 token requests and picks the object-store endpoint from the catalog', () => {
    expect(keystoneTokenRequest({ kind: 'keystone-password', authUrl: 'https://id/v3', username: 'ann', password: 'pw', projectName: 'backup' })).toEqual({
      auth: {
        identity: { methods: ['password'], password: { user: { name: 'ann', domain: { name: 'Default' }, password: 'pw' } } },
        scope: { project: { name: 'backup', domain: { name: 'Default' } } },
      },
    });
    expect(keystoneTokenRequest({ kind: 'keystone-application-credential', authUrl: 'https://id/v3', applicationCredentialId: 'id1', applicationCredentialSecret: 's1' })).toEqual({
      auth: { identity: { methods: ['application_credential'], application_credential: { id: 'id1', secret: 's1' } } },
    });
    const catalog = [
      { type: 'identity', endpoints: [{ interface: 'public', region_id: 'RegionOne', url: 'https://id/v3' }] },
      {
        type: 'object-store',
        endpoints: [
          { interface: 'public', region_id: 'RegionOne', url: 'https://swift-1/v1/AUTH_p/' },
          { interface: 'internal', region_id: 'RegionOne', url: 'http://10.0.0.1/v1/AUTH_p' },
          { interface: 'public', region_id: 'RegionTwo', url: 'https://swift-2/v1/AUTH_p' },
        ],
      },
    ];
    expect(objectStoreEndpoint(catalog, undefined, 'public')).toBe('https://swift-1/v1/AUTH_p');
    expect(objectStoreEndpoint(catalog, 'RegionTwo', 'public')).toBe('https://swift-2/v1/AUTH_p');
    expect(objectStoreEndpoint(catalog, 'RegionOne', 'internal')).toBe('http://10.0.0.1/v1/AUTH_p');
    expect(() => objectStoreEndpoint(catalog, 'RegionThree', 'public')).toThrow(/RegionOne, RegionTwo/);
    expect(() => objectStoreEndpoint([], undefined, 'public')).toThrow(/no object storage/);
  });
});
