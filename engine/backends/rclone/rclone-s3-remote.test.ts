/**
 * The rclone bridge to an `s3` remote: the account's rclone child speaks S3
 * (provider Other, an endpoint, path-style) to the local Swift's S3 layer,
 * which checks signatures. The secret access key is a secret option, kept
 * only in the encrypted config. The conformance suite runs unchanged, wrong
 * credentials included: a `credentials` error, and no secret in any message.
 */
import { ListObjectsV2Command, S3Client } from '@aws-sdk/client-s3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createBucket, startSwiftServer, type SwiftServer } from '../../../scripts/servers/index';
import { registerBlobStoreConformance } from '../conformance';
import type { RetryPolicy } from '../common/retry';
import { BackendConfigError } from '../types';
import { TestBridges } from './test-support/test-bridges';

const BUCKET = 'raic-rclone-s3';
const WRONG_SECRET = 'definitely-not-the-s3-secret';
/**
 * Swift stores every byte through its proxy and object server on the same
 * two cores; the `local` remote test already measures memory at 100 MiB, so
 * this one keeps CI time down with a blob still far larger than any buffer
 * in the path.
 */
const LARGE_BLOB_BYTES = 40 * (1 << 20) + 4321;
let swift: SwiftServer;
let folders = 0;
const bridges = new TestBridges();

interface S3RemoteOverrides {
  secret?: string;
  endpoint?: string;
  policy?: Partial<RetryPolicy>;
}

function s3Options(endpoint: string): Record<string, string> {
  return {
    provider: 'Other',
    endpoint,
    region: swift.s3.region,
    access_key_id: swift.s3.accessKeyId,
    env_auth: 'false',
    force_path_style: 'true',
  };
}

async function openS3(overrides: S3RemoteOverrides = {}) {
  return bridges.open(
    {
      remoteType: 's3',
      root: `${BUCKET}/run-${folders++}`,
      options: s3Options(overrides.endpoint ?? swift.s3.endpoint),
      secretOptions: { secret_access_key: overrides.secret ?? swift.s3.secretAccessKey },
    },
    overrides.policy,
  );
}

/**
 * rclone 1.60's s3 backend refuses to start when AWS_CA_BUNDLE is set
 * ("unsupported transport"). The bridge leaves it out of the child's
 * environment and passes the file as --ca-cert; this file runs with the
 * variable as the machine has it, so the suite passing proves that.
 */
beforeAll(async () => {
  swift = await startSwiftServer();
  await createBucket(swift, BUCKET);
}, 120_000);
afterAll(async () => {
  await bridges.closeAll();
  await swift?.stop();
});

registerBlobStoreConformance('rclone (s3 remote on Swift s3api through rclone serve webdav)', {
  open: () => openS3(),
  openWithWrongCredentials: () => openS3({ secret: WRONG_SECRET }),
  // Nobody listens on port 1: rclone cannot reach the endpoint.
  openMisconfigured: () => openS3({ endpoint: 'http://127.0.0.1:1' }),
  openRetrying: (policy) => openS3({ policy }),
  secrets: () => [swift.s3.secretAccessKey, WRONG_SECRET, ...bridges.secrets()],
  largeBlobBytes: LARGE_BLOB_BYTES,
  // SIGKILL the accounts' rclone children, as a crash would; the stores start new ones on their next operation.
  server: bridges.asKillableServer(),
});

describe('rclone s3 remote specifics', () => {
  // Found by this file (issue 16): rclone's WebDAV server answered a remote that refused the key as a missing
  // file (put, get) or an empty folder (list); the store now reads rclone's log for the refusal.
  it('turns a wrong secret key into BackendConfigError("credentials") for put, get and list', async () => {
    const wrong = await openS3({ secret: WRONG_SECRET });
    try {
      for (const attempt of [() => wrong.put('creds/x', new Uint8Array([1])), () => wrong.get('creds/x'), async () => { for await (const info of wrong.list('')) void info; }]) {
        const error = await attempt().then(() => undefined, (e: unknown) => e);
        expect(error).toBeInstanceOf(BackendConfigError);
        expect((error as BackendConfigError).reason).toBe('credentials');
        expect(`${(error as Error).message} ${(error as Error).stack}`).not.toContain(WRONG_SECRET);
      }
    } finally {
      await wrong.close();
    }
  });


  it('stores each blob as one object under the root prefix, with no temporary object left', async () => {
    const store = await openS3();
    const prefix = `run-${folders - 1}/`;
    const raw = new S3Client({
      endpoint: swift.s3.endpoint,
      region: swift.s3.region,
      forcePathStyle: true,
      credentials: { accessKeyId: swift.s3.accessKeyId, secretAccessKey: swift.s3.secretAccessKey },
    });
    try {
      await store.put('shares/ab/abcdefgh/3', new Uint8Array(321).fill(7));
      await store.put('shares/ab/abcdefgh/3', new Uint8Array(123).fill(9));
      const listed = await raw.send(new ListObjectsV2Command({ Bucket: BUCKET, Prefix: prefix }));
      expect((listed.Contents ?? []).map((object) => [object.Key, object.Size])).toEqual([[`${prefix}shares/ab/abcdefgh/3`, 123]]);
    } finally {
      raw.destroy();
      await store.close();
    }
  });
});
