import { createServer, type Server } from 'node:net';
import { HeadObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createBucket, startSwiftServer, type SwiftServer } from '../../../scripts/servers/index';
import { registerBlobStoreConformance } from '../conformance';
import { BackendConfigError } from '../types';
import { S3BlobStore, S3_PRESETS, resolveS3Location, type S3StoreSettings } from './index';

const BUCKET = 'raic-conformance';
const WRONG_SECRET = 'definitely-not-the-secret';
let swift: SwiftServer;
let stores = 0;

function settings(overrides: Partial<S3StoreSettings> = {}): S3StoreSettings {
  return {
    endpoint: swift.s3.endpoint,
    region: swift.s3.region,
    forcePathStyle: true,
    bucket: BUCKET,
    prefix: `run-${stores++}/`,
    accessKeyId: swift.s3.accessKeyId,
    secretAccessKey: swift.s3.secretAccessKey,
    retry: { maxAttempts: 3, baseDelayMs: 100, maxDelayMs: 500 },
    ...overrides,
  };
}

beforeAll(async () => {
  swift = await startSwiftServer();
  await createBucket(swift, BUCKET);
});
afterAll(async () => {
  await swift?.stop();
});

registerBlobStoreConformance('s3 (Swift s3api)', {
  open: async () => new S3BlobStore(settings()),
  openWithWrongCredentials: async () => new S3BlobStore(settings({ secretAccessKey: WRONG_SECRET })),
  openMisconfigured: async () => new S3BlobStore(settings({ bucket: 'no-such-bucket' })),
  secrets: () => [swift.s3.secretAccessKey, WRONG_SECRET],
  server: { kill: () => swift.killProxy(), restart: () => swift.restartProxy() },
  // The SDK retries (its strategy given the policy), not the wrapper: see s3/index.ts.
  openRetrying: async (policy) => new S3BlobStore(settings({ retry: policy })),
});

describe('s3 backend specifics', () => {
  it('reports a missing bucket as BackendConfigError("not-found")', async () => {
    const store = new S3BlobStore(settings({ bucket: 'no-such-bucket' }));
    for (const attempt of [() => store.put('x', new Uint8Array(1)), () => store.get('x'), () => store.capacity()]) {
      const error = await attempt().then(
        () => undefined,
        (e: unknown) => e,
      );
      expect(error).toBeInstanceOf(BackendConfigError);
      expect((error as BackendConfigError).reason).toBe('not-found');
      expect((error as Error).message).toContain('no-such-bucket');
    }
    const result = await store.testConnection();
    expect(result.checks[0]).toMatchObject({ name: 'credentials', ok: false });
    expect(result.checks[0].detail).toMatch(/does not exist/);
    await store.close();
  });

  it('reports a key without rights on the bucket as BackendConfigError("permission")', async () => {
    const store = new S3BlobStore(settings({ accessKeyId: swift.unprivilegedUser, secretAccessKey: swift.unprivilegedKey }));
    const error = await store.put('x', new Uint8Array(1)).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(BackendConfigError);
    expect((error as BackendConfigError).reason).toBe('permission');
    expect((error as Error).message).not.toContain(swift.unprivilegedKey);
    await store.close();
  });

  it('uploads bodies above the part size as multipart, below it as one PUT', async () => {
    const store = new S3BlobStore(settings({ partSizeBytes: 5 * 1024 * 1024 }));
    await store.put('parts/big', new Uint8Array(12 * 1024 * 1024));
    await store.put('parts/small', new Uint8Array(1024));
    const raw = new S3Client({
      endpoint: swift.s3.endpoint,
      region: swift.s3.region,
      forcePathStyle: true,
      credentials: { accessKeyId: swift.s3.accessKeyId, secretAccessKey: swift.s3.secretAccessKey },
    });
    const prefix = (store as unknown as { prefix: string }).prefix;
    const big = await raw.send(new HeadObjectCommand({ Bucket: BUCKET, Key: `${prefix}parts/big` }));
    const small = await raw.send(new HeadObjectCommand({ Bucket: BUCKET, Key: `${prefix}parts/small` }));
    expect(big.ETag).toMatch(/-3"$/); // three parts: 5 + 5 + 2 MiB
    expect(small.ETag).not.toMatch(/-\d+"$/);
    raw.destroy();
    await store.close();
  });

  it('gives up after the request timeout and bounded retries on a server that never answers', async () => {
    const sockets: import('node:net').Socket[] = [];
    const silent: Server = createServer((socket) => sockets.push(socket));
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
    const port = (silent.address() as { port: number }).port;
    const store = new S3BlobStore(settings({ endpoint: `http://127.0.0.1:${port}`, requestTimeoutMs: 500, retry: { maxAttempts: 2, baseDelayMs: 50, maxDelayMs: 100 } }));
    const started = Date.now();
    const error = await store.get('x').then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(BackendConfigError);
    expect((error as BackendConfigError).reason).toBe('unreachable');
    expect(Date.now() - started).toBeLessThan(5_000);
    expect(sockets.length).toBe(2); // the first try and one retry
    for (const socket of sockets) socket.destroy();
    silent.close();
    await store.close();
  });

  it('has presets with the right endpoints, regions and addressing', () => {
    expect(resolveS3Location('aws', { region: 'eu-west-1' })).toEqual({ endpoint: undefined, region: 'eu-west-1', forcePathStyle: false });
    expect(resolveS3Location('backblaze-b2', { region: 'eu-central-003' }).endpoint).toBe('https://s3.eu-central-003.backblazeb2.com');
    expect(resolveS3Location('wasabi').endpoint).toBe('https://s3.us-east-1.wasabisys.com');
    expect(resolveS3Location('cloudflare-r2', { accountId: 'abc123' })).toEqual({ endpoint: 'https://abc123.r2.cloudflarestorage.com', region: 'auto', forcePathStyle: true });
    expect(resolveS3Location('google-cloud-storage')).toEqual({ endpoint: 'https://storage.googleapis.com', region: 'auto', forcePathStyle: true });
    expect(resolveS3Location('other', { endpoint: 'http://nas.local:9000' }).forcePathStyle).toBe(true);
    expect(() => resolveS3Location('cloudflare-r2')).toThrow(/account ID/);
    expect(() => resolveS3Location('other')).toThrow(/endpoint/);
    for (const preset of Object.values(S3_PRESETS)) expect(preset.exampleRegions).toContain(preset.defaultRegion);
  });
});
