/**
 * Acceptance against a real S3 server (Debian's Swift with its S3 layer):
 * 20 MB stored as 3-of-5 shares on five blob-server accounts in one bucket,
 * then let go of: release plus collection bring the bucket, as a listing of
 * it measures, down by at least 30 MB, and the measured usage follows.
 */
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ListObjectsV2Command, S3Client } from '@aws-sdk/client-s3';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createBucket, startSwiftServer, type SwiftServer } from '../../scripts/servers/index';
import { S3BlobStore } from '../../engine/backends/s3';
import { bytesByteSource, uploadFile } from '../../engine/grid';
import { BlobStorageServer } from '../../engine/storage/blob-server';
import { runGarbageCollection } from './collect';
import { StorageIndexHolds } from './holds';
import { MeasuredUsage } from './measured-usage';
import { ReferenceIndex, type StorageIndexReference } from './references';
import { createReleaseFiles } from './release';

const BUCKET = 'raic-gc-acceptance';
const LEASE_SECRET = new Uint8Array(32).fill(2);
let swift: SwiftServer;
let dataDir: string;

beforeAll(async () => {
  swift = await startSwiftServer();
  await createBucket(swift, BUCKET);
  dataDir = await mkdtemp(join(tmpdir(), 'raic-gc-s3-'));
}, 120_000);
afterAll(async () => {
  await swift?.stop();
  if (dataDir) await rm(dataDir, { recursive: true, force: true });
});

/** Bytes of every object in the bucket, listed with the S3 API itself. */
async function bucketBytes(): Promise<number> {
  const client = new S3Client({
    endpoint: swift.s3.endpoint,
    region: swift.s3.region,
    forcePathStyle: true,
    credentials: { accessKeyId: swift.s3.accessKeyId, secretAccessKey: swift.s3.secretAccessKey },
  });
  let total = 0;
  let token: string | undefined;
  do {
    const page = await client.send(new ListObjectsV2Command({ Bucket: BUCKET, ContinuationToken: token }));
    for (const object of page.Contents ?? []) total += object.Size ?? 0;
    token = page.NextContinuationToken;
  } while (token);
  client.destroy();
  return total;
}

it('gives 30+ MB back in the bucket after 20 MB is let go of, as listing the bucket measures', async () => {
  const servers = [1, 2, 3, 4, 5].map(
    (n) =>
      new BlobStorageServer({
        serverId: `s3-${n}`,
        nickname: `Bucket part ${n}`,
        store: new S3BlobStore({
          endpoint: swift.s3.endpoint,
          region: swift.s3.region,
          forcePathStyle: true,
          bucket: BUCKET,
          prefix: `account-${n}/`,
          accessKeyId: swift.s3.accessKeyId,
          secretAccessKey: swift.s3.secretAccessKey,
        }),
      }),
  );
  const referenced: StorageIndexReference[] = [];
  let revision = 0;
  const references = new ReferenceIndex(() => [{ category: 'files', revision: () => revision, list: () => referenced }]);
  const holds = new StorageIndexHolds();
  const releaseFiles = createReleaseFiles({ servers: async () => servers, leaseSecret: async () => LEASE_SECRET, references, holds });
  const usage = new MeasuredUsage({ dataDir, servers: async () => servers, references });

  for (let i = 0; i < 4; i++) {
    const report = await uploadFile(servers, bytesByteSource(randomBytes(5 * 1024 * 1024)), {
      encoding: { needed: 3, happy: 4, total: 5, maxSegmentSize: 128 * 1024 },
      convergence: new Uint8Array(16).fill(i),
      leaseSecret: LEASE_SECRET,
    });
    referenced.push({ storageIndex: report.storageIndex!, category: 'files', placements: [] });
    revision++;
  }
  const before = await bucketBytes();
  expect(before).toBeGreaterThan(33 * 1024 * 1024);
  await usage.reconcile();
  const measuredBefore = [...(await usage.current()).accounts.values()].reduce((sum, a) => sum + a.bytes.files, 0);
  expect(measuredBefore).toBeGreaterThan(33 * 1024 * 1024);

  // The catalog lets go of the files first, then releases them (as the permanent delete does).
  const released = referenced.splice(0).map((r) => ({ storageIndex: r.storageIndex }));
  revision++;
  const report = await releaseFiles(released);
  expect(report.released).toHaveLength(4);
  const gc = await runGarbageCollection({ servers: async () => servers, leaseSecret: async () => LEASE_SECRET, references, holds, releaseFiles });
  expect(gc.problems).toEqual([]);

  const after = await bucketBytes();
  expect(before - after).toBeGreaterThanOrEqual(30 * 1024 * 1024);
  await usage.reconcile();
  const measuredAfter = [...(await usage.current()).accounts.values()].reduce((sum, a) => sum + a.total, 0);
  expect(measuredAfter).toBeLessThan(1024 * 1024);
}, 300_000);
