/**
 * Where a small file's time goes on the slow link: uploads a few small files
 * with RAIC (the wan.ts grid: three S3 accounts behind the shaping proxy,
 * 2-of-3) and prints every request that crossed the proxy, with its time,
 * connection and a shortened target, so sequential waits show as gaps.
 *
 *   npx tsx bench/wan-trace.ts [--files 3] [--big-mib 16] [--delay-ms 20] [--mbit 50] [--summary]
 *
 * --big-mib uploads one file of that size instead; --delay-ms 0 --mbit 100000
 * takes the link away, to tell the server's own time from the link's;
 * --summary prints only the count of requests by method and kind of object.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createBucket, startSwiftServer } from '../scripts/servers/index';
import { startShapingProxy } from '../scripts/bench-support/shaping-proxy';
import { writeRandomFile, writeSmallFiles } from './peer-files';
import { makeRaicGrid, raicUploadCounted } from './raic-cli-grid';

function option(name: string, fallback: number): number {
  const index = process.argv.indexOf(`--${name}`);
  return index >= 0 ? Number(process.argv[index + 1]) : fallback;
}
const files = option('files', 3);
const bigMiB = option('big-mib', 0);
const root = await mkdtemp(path.join(tmpdir(), 'raic-bench-trace-'));
const swift = await startSwiftServer();
const proxy = await startShapingProxy({ targetPort: Number(new URL(swift.s3.endpoint).port), oneWayDelayMs: option('delay-ms', 20), bitsPerSecond: option('mbit', 50) * 1e6, recordRequests: true });
try {
  const buckets = ['trace-1', 'trace-2', 'trace-3'];
  for (const bucket of buckets) await createBucket(swift, bucket);
  const s3 = { endpoint: proxy.url, region: swift.s3.region, accessKeyId: swift.s3.accessKeyId, secretAccessKey: swift.s3.secretAccessKey };
  const dataDir = path.join(root, 'data');
  await makeRaicGrid(dataDir, buckets.map((bucket, i) => ({ provider: 's3', name: `Bucket ${i + 1}`, preset: 'other', bucket, ...s3 })), { needed: 2, happy: 3, total: 3 });
  const source = path.join(root, bigMiB > 0 ? 'big.bin' : 'small');
  if (bigMiB > 0) await writeRandomFile(source, bigMiB << 20);
  else await writeSmallFiles(source, files, 100_000);
  proxy.resetTraffic();
  const { seconds, attempts } = await raicUploadCounted(dataDir, source, '/trace');
  // Storage indexes and long keys shortened so the shape of each request shows.
  const shorten = (target: string) =>
    decodeURIComponent(target)
      .replace(/\/[a-z2-7]{26}/g, '/SI')
      .replace(/\/[a-z2-7]{2}\//g, '/xx/')
      .replace(/X-Amz-[^&]*&?/g, '')
      .slice(0, 90);
  const summary = process.argv.includes('--summary');
  const kinds = new Map<string, number>();
  for (const request of proxy.requestLog()) {
    // What kind of object: the key's first folder (shares, incoming, leases, recovery), or a listing.
    const kind = `${request.method} ${/list-type=/.test(request.target) ? 'list' : (/^\/[^/]+\/([^/?]+)/.exec(request.target)?.[1] ?? '?')}`;
    kinds.set(kind, (kinds.get(kind) ?? 0) + 1);
    if (!summary) process.stdout.write(`${request.atMs.toFixed(0).padStart(6)} ms  c${String(request.connection).padEnd(3)} ${request.method.padEnd(6)} ${shorten(request.target).padEnd(60)} ${request.bodyBytes}\n`);
  }
  for (const [kind, n] of [...kinds].sort((a, b) => b[1] - a[1])) process.stdout.write(`${String(n).padStart(6)}  ${kind}\n`);
  process.stdout.write(`${bigMiB > 0 ? `${bigMiB} MiB` : `${files} files`} in ${seconds.toFixed(2)} s (${attempts} job attempts); ${proxy.requestLog().length} requests\n`);
} finally {
  await proxy.close();
  await swift.stop();
  await rm(root, { recursive: true, force: true });
}
