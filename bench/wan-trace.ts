/**
 * Where a small file's time goes on the slow link: uploads a few small files
 * with RAIC (the wan.ts grid: three S3 accounts behind the shaping proxy,
 * 2-of-3) and prints every request that crossed the proxy, with its time,
 * connection and a shortened target, so sequential waits show as gaps.
 *
 *   npx tsx bench/wan-trace.ts [--files 3]
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createBucket, startSwiftServer } from '../scripts/servers/index';
import { startShapingProxy } from '../scripts/bench-support/shaping-proxy';
import { writeSmallFiles } from './peer-files';
import { makeRaicGrid, raicUpload } from './raic-cli-grid';

const files = Number(process.argv[process.argv.indexOf('--files') + 1] || 3) || 3;
const root = await mkdtemp(path.join(tmpdir(), 'raic-bench-trace-'));
const swift = await startSwiftServer();
const proxy = await startShapingProxy({ targetPort: Number(new URL(swift.s3.endpoint).port), oneWayDelayMs: 20, bitsPerSecond: 50e6, recordRequests: true });
try {
  const buckets = ['trace-1', 'trace-2', 'trace-3'];
  for (const bucket of buckets) await createBucket(swift, bucket);
  const s3 = { endpoint: proxy.url, region: swift.s3.region, accessKeyId: swift.s3.accessKeyId, secretAccessKey: swift.s3.secretAccessKey };
  const dataDir = path.join(root, 'data');
  await makeRaicGrid(dataDir, buckets.map((bucket, i) => ({ provider: 's3', name: `Bucket ${i + 1}`, preset: 'other', bucket, ...s3 })), { needed: 2, happy: 3, total: 3 });
  await writeSmallFiles(path.join(root, 'small'), files, 100_000);
  proxy.resetTraffic();
  const seconds = await raicUpload(dataDir, path.join(root, 'small'), '/trace');
  // Storage indexes and long keys shortened so the shape of each request shows.
  const shorten = (target: string) =>
    decodeURIComponent(target)
      .replace(/\/[a-z2-7]{26}/g, '/SI')
      .replace(/\/[a-z2-7]{2}\//g, '/xx/')
      .replace(/X-Amz-[^&]*&?/g, '')
      .slice(0, 90);
  for (const request of proxy.requestLog()) {
    process.stdout.write(`${request.atMs.toFixed(0).padStart(6)} ms  c${String(request.connection).padEnd(3)} ${request.method.padEnd(6)} ${shorten(request.target)}\n`);
  }
  process.stdout.write(`${files} files in ${seconds.toFixed(2)} s; ${proxy.requestLog().length} requests\n`);
} finally {
  await proxy.close();
  await swift.stop();
  await rm(root, { recursive: true, force: true });
}
