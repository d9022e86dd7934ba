/**
 * The retrying wrapper against real failures: a WebDAV store on a real server
 * (rclone serve webdav), reached through the fault-injecting proxy, which
 * answers 503, drops connections or stops listening when a test says so.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startRcloneServer, type RcloneServer } from '../../scripts/servers/index';
import { FaultProxy, type FaultAction } from '../../reliability/support/fault-proxy';
import { withRetry } from './retrying';
import { BackendBusyError, BackendConfigError, type BlobStore } from './types';
import { WebDavBlobStore } from './webdav/index';

const POLICY = { maxAttempts: 3, baseDelayMs: 20, maxDelayMs: 50 };
const encoder = new TextEncoder();
let server: RcloneServer;
let proxy: FaultProxy;
let folders = 0;

async function freshStore(options: { password?: string; policy?: typeof POLICY } = {}): Promise<BlobStore> {
  const name = `retry-${folders++}`;
  const response = await fetch(`${server.url}/${name}/`, {
    method: 'MKCOL',
    headers: { Authorization: `Basic ${Buffer.from(`${server.user}:${server.password}`).toString('base64')}` },
  });
  expect(response.status).toBe(201);
  return withRetry(new WebDavBlobStore({ url: `${proxy.url}/${name}/`, username: server.user, password: options.password ?? server.password, requestTimeoutMs: 2_000 }), options.policy ?? POLICY);
}

/** The first `count` requests with this method get `action`; everything else passes. */
function failFirst(method: string, count: number, action: FaultAction): void {
  let seen = 0;
  proxy.setRule((request) => (request.method === method && seen++ < count ? action : { kind: 'pass' }));
}

const requests = (method: string) => proxy.stats().byMethod[method] ?? 0;

async function rejection(promise: Promise<unknown>): Promise<unknown> {
  return promise.then(
    () => {
      throw new Error('expected a failure');
    },
    (error: unknown) => error,
  );
}

beforeAll(async () => {
  server = await startRcloneServer('webdav');
  proxy = await FaultProxy.start({ target: { host: server.host, port: server.port }, mode: 'http' });
});
afterAll(async () => {
  await proxy?.close();
  await server?.stop();
});
beforeEach(() => {
  proxy.setRule(() => ({ kind: 'pass' }));
});

describe('withRetry', () => {
  it('retries busy answers and dropped connections until the operation succeeds', async () => {
    const store = await freshStore();
    await store.put('a/blob', encoder.encode('hello'));
    failFirst('GET', 2, { kind: 'error', status: 503 });
    proxy.resetStats();
    expect(new TextDecoder().decode(await store.get('a/blob'))).toBe('hello');
    expect(requests('GET')).toBe(3);

    failFirst('GET', 1, { kind: 'drop', afterBytes: 0 });
    proxy.resetStats();
    expect(new TextDecoder().decode(await store.get('a/blob'))).toBe('hello');
    expect(requests('GET')).toBe(2);
  });

  it('gives up after the policy bound, with the provider error', async () => {
    const store = await freshStore();
    await store.put('b/blob', encoder.encode('x'));
    failFirst('GET', 100, { kind: 'error', status: 503 });
    proxy.resetStats();
    const error = await rejection(store.get('b/blob'));
    expect(error).toBeInstanceOf(BackendBusyError);
    expect((error as BackendBusyError).status).toBe(503);
    expect(requests('GET')).toBe(POLICY.maxAttempts);
  });

  it('outlasts a server that stops listening for a moment', async () => {
    const store = await freshStore({ policy: { maxAttempts: 10, baseDelayMs: 100, maxDelayMs: 400 } });
    await store.put('c/blob', encoder.encode('still here'));
    await proxy.down();
    const reading = store.get('c/blob');
    reading.catch(() => undefined);
    await new Promise((resolve) => setTimeout(resolve, 300));
    await proxy.up();
    expect(new TextDecoder().decode(await reading)).toBe('still here');
  });

  it('does not retry what cannot pass by itself: wrong credentials', async () => {
    const store = await freshStore({ password: 'wrong-password' });
    proxy.resetStats();
    const error = await rejection(store.get('d/blob'));
    expect(error).toBeInstanceOf(BackendConfigError);
    expect((error as BackendConfigError).reason).toBe('credentials');
    expect(requests('GET')).toBe(1);
  });

  it('retries a put of a whole buffer, but gives a streamed body one try', async () => {
    const store = await freshStore();
    failFirst('PUT', 1, { kind: 'error', status: 503 });
    await store.put('e/whole', encoder.encode('whole'));
    expect(new TextDecoder().decode(await store.get('e/whole'))).toBe('whole');

    failFirst('PUT', 1, { kind: 'error', status: 503 });
    proxy.resetStats();
    const streamed = { size: 3, chunks: (async function* () { yield encoder.encode('abc'); })() };
    expect(await rejection(store.put('e/streamed', streamed))).toBeInstanceOf(BackendBusyError);
    expect(requests('PUT')).toBe(1);
    expect(await store.stat('e/streamed')).toBeUndefined();
  });

  it('starts a listing that failed part-way again, yielding each key once', async () => {
    const store = await freshStore();
    const keys = ['f/one/a', 'f/one/b', 'f/two/c', 'f/two/d', 'f/three/e'];
    for (const key of keys) await store.put(key, encoder.encode(key));
    // The listing walks folder by folder: the third PROPFIND fails once, after some keys were yielded.
    let propfinds = 0;
    proxy.setRule((request) => (request.method === 'PROPFIND' && ++propfinds === 3 ? { kind: 'error', status: 503 } : { kind: 'pass' }));
    const listed: string[] = [];
    for await (const info of store.list('f/')) listed.push(info.key);
    expect(listed.sort()).toEqual([...keys].sort());
    expect(propfinds).toBeGreaterThan(4);
  });

  it('runs the connection test through its retries', async () => {
    const store = await freshStore();
    failFirst('PROPFIND', 1, { kind: 'error', status: 503 });
    const result = await store.testConnection();
    expect(result.checks.filter((check) => !check.ok)).toEqual([]);
    expect(result.ok).toBe(true);
  });
});
