/**
 * RAIC beside rclone on a slow, distant link: the S3 backend (local Swift
 * with s3api) behind the shaping proxy (scripts/bench-support/shaping-proxy.ts:
 * 20 ms each way, 50 Mbit/s per direction shared by every connection).
 * RAIC: three S3 accounts (three buckets of the one Swift account, all
 * through the one proxy), 2-of-3, through `raic upload` (the service path,
 * see raic-cli-grid.ts). rclone: crypt over a union of two buckets with
 * create_policy=all through the same proxy. One after the other, same files,
 * same run. Ratios are rclone's seconds over RAIC's (above 1: RAIC faster). Ratios keep three decimals so one just under its goal never rounds up to a pass.
 * Beside each time: the bytes and HTTP requests that crossed the proxy.
 *
 *   npx tsx bench/wan.ts [--quick]     (prints one JSON line)
 *
 * Full: 40 files of 100 KB and a 64 MiB file, kept short for this machine
 * (at 50 Mbit/s rclone's 2 copies of 64 MiB alone take 21 s, and 100 small
 * files took RAIC 236 s under load); --quick: 20 files and 16 MiB;
 * --small-files N to choose.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createBucket, startSwiftServer } from '../scripts/servers/index';
import { startShapingProxy, type ProxyTraffic, type ShapingProxy } from '../scripts/bench-support/shaping-proxy';
import { expectSameFiles, round, writeRandomFile, writeSmallFiles } from './peer-files';
import { makeRaicGrid, raicGet, raicUploadCounted } from './raic-cli-grid';
import { startRclonePeer } from './rclone-peer';

export interface WanOptions {
  smallFiles?: number;
  smallFileBytes?: number;
  bigFileBytes?: number;
  oneWayDelayMs?: number;
  megabitsPerSecond?: number;
  log?: (line: string) => void;
}

export const WAN_GOALS = { bigRatio: 1.2, smallRatio: 0.67 };
const RAIC_BUCKETS = ['raic-wan-1', 'raic-wan-2', 'raic-wan-3'];
const RCLONE_BUCKETS: [string, string] = ['rclone-wan-1', 'rclone-wan-2'];

/** Runs `work` and returns its seconds with what crossed the proxy meanwhile. */
async function throughProxy(proxy: ShapingProxy, work: () => Promise<number | { seconds: number; attempts: number }>): Promise<{ seconds: number; attempts?: number; traffic: ProxyTraffic }> {
  proxy.resetTraffic();
  const result = await work();
  return { ...(typeof result === 'number' ? { seconds: result } : result), traffic: proxy.traffic() };
}

const requestCount = (traffic: ProxyTraffic): number => Object.values(traffic.requests).reduce((a, b) => a + b, 0);
const describeRequests = (traffic: ProxyTraffic): string =>
  Object.entries(traffic.requests)
    .map(([method, n]) => `${n} ${method}`)
    .join(', ');

export async function measureWan(options: WanOptions = {}): Promise<Record<string, number | string | boolean>> {
  const count = options.smallFiles ?? 40;
  const smallSize = options.smallFileBytes ?? 100_000;
  const bigSize = options.bigFileBytes ?? 64 << 20;
  const oneWayDelayMs = options.oneWayDelayMs ?? 20;
  const mbps = options.megabitsPerSecond ?? 50;
  const log = options.log ?? (() => undefined);
  const root = await mkdtemp(path.join(tmpdir(), 'raic-bench-wan-'));
  const swift = await startSwiftServer();
  const proxy = await startShapingProxy({ targetPort: Number(new URL(swift.s3.endpoint).port), oneWayDelayMs, bitsPerSecond: mbps * 1e6 });
  const s3 = { endpoint: proxy.url, region: swift.s3.region, accessKeyId: swift.s3.accessKeyId, secretAccessKey: swift.s3.secretAccessKey };
  const peer = await startRclonePeer({ kind: 's3', ...s3, buckets: RCLONE_BUCKETS });
  try {
    for (const bucket of [...RAIC_BUCKETS, ...RCLONE_BUCKETS]) await createBucket(swift, bucket);
    const small = path.join(root, 'input', 'small');
    const big = path.join(root, 'input', 'big.bin');
    await writeSmallFiles(small, count, smallSize);
    await writeRandomFile(big, bigSize);
    const dataDir = path.join(root, 'raic-data');
    await makeRaicGrid(
      dataDir,
      RAIC_BUCKETS.map((bucket, i) => ({ provider: 's3', name: `Bucket ${i + 1}`, preset: 'other', bucket, ...s3 })),
      { needed: 2, happy: 3, total: 3 },
    );
    log(`wan: ${2 * oneWayDelayMs} ms round trip, ${mbps} Mbit/s each way; ${count} files of ${smallSize / 1000} KB and a ${round(bigSize / 1e6, 1)} MB file`);

    const raicSmall = await throughProxy(proxy, () => raicUploadCounted(dataDir, small, '/wan'));
    log(`small upload, RAIC: ${round(raicSmall.seconds)} s (${raicSmall.attempts} job attempts), ${round(raicSmall.traffic.bytesUp / 1e6)} MB up, ${raicSmall.traffic.connections} connections, ${describeRequests(raicSmall.traffic)}`);
    const rcloneSmall = await throughProxy(proxy, () => peer.copyUp(small, 'small'));
    log(`small upload, rclone: ${round(rcloneSmall.seconds)} s, ${round(rcloneSmall.traffic.bytesUp / 1e6)} MB up, ${rcloneSmall.traffic.connections} connections, ${describeRequests(rcloneSmall.traffic)}`);
    // The small files back, as a restore of a folder from distant accounts (no goal in issue 19; beside rclone's copy down).
    const raicSmallRestore = await throughProxy(proxy, () => raicGet(dataDir, '/wan/small', path.join(root, 'out-raic')));
    const rcloneSmallRestore = await throughProxy(proxy, () => peer.copyDown('small', path.join(root, 'out-rclone')));
    await expectSameFiles(small, path.join(root, 'out-raic'), 'RAIC');
    await expectSameFiles(small, path.join(root, 'out-rclone'), 'rclone');
    log(`small restore: RAIC ${round(raicSmallRestore.seconds)} s, ${describeRequests(raicSmallRestore.traffic)}; rclone ${round(rcloneSmallRestore.seconds)} s, ${describeRequests(rcloneSmallRestore.traffic)}`);
    const raicBig = await throughProxy(proxy, () => raicUploadCounted(dataDir, big, '/wan'));
    log(`big upload, RAIC: ${round(raicBig.seconds)} s (${raicBig.attempts} job attempts), ${round(raicBig.traffic.bytesUp / 1e6)} MB up, ${raicBig.traffic.connections} connections, ${describeRequests(raicBig.traffic)}`);
    const rcloneBig = await throughProxy(proxy, () => peer.copyUp(big, 'big'));
    log(`big upload, rclone: ${round(rcloneBig.seconds)} s, ${round(rcloneBig.traffic.bytesUp / 1e6)} MB up, ${rcloneBig.traffic.connections} connections, ${describeRequests(rcloneBig.traffic)}`);

    const linkSeconds = (bytes: number) => bytes / ((mbps * 1e6) / 8);
    const figures = (name: string, result: { seconds: number; attempts?: number; traffic: ProxyTraffic }) => ({
      // RAIC's upload jobs' attempts: above the number of files, some failed and were retried whole.
      ...(result.attempts === undefined ? {} : { [`${name}_job_attempts`]: result.attempts }),
      [`${name}_s`]: round(result.seconds),
      [`${name}_MB_up`]: round(result.traffic.bytesUp / 1e6),
      [`${name}_MB_down`]: round(result.traffic.bytesDown / 1e6),
      // The time the link needs for those bytes alone: the floor below any cleverness.
      [`${name}_link_floor_s`]: round(linkSeconds(result.traffic.bytesUp)),
      [`${name}_requests`]: requestCount(result.traffic),
      [`${name}_requests_by_method`]: describeRequests(result.traffic),
      [`${name}_connections`]: result.traffic.connections,
    });
    return {
      wan_round_trip_ms: 2 * oneWayDelayMs,
      wan_Mbit_per_s: mbps,
      wan_small_files: count,
      wan_small_file_bytes: smallSize,
      wan_big_file_MB: round(bigSize / 1e6, 1),
      wan_big_upload_ratio: round(rcloneBig.seconds / raicBig.seconds, 3),
      wan_small_upload_ratio: round(rcloneSmall.seconds / raicSmall.seconds, 3),
      wan_small_restore_ratio: round(rcloneSmallRestore.seconds / raicSmallRestore.seconds, 3),
      ...figures('wan_raic_small_upload', raicSmall),
      ...figures('wan_rclone_small_upload', rcloneSmall),
      ...figures('wan_raic_small_restore', raicSmallRestore),
      ...figures('wan_rclone_small_restore', rcloneSmallRestore),
      ...figures('wan_raic_big_upload', raicBig),
      ...figures('wan_rclone_big_upload', rcloneBig),
      wan_raic_small_requests_per_share: round(requestCount(raicSmall.traffic) / (count * 3), 1),
      wan_rclone_small_requests_per_copy: round(requestCount(rcloneSmall.traffic) / (count * 2), 1),
      wan_goal_big_ratio: WAN_GOALS.bigRatio,
      wan_goal_small_ratio: WAN_GOALS.smallRatio,
    };
  } finally {
    await peer.close();
    await proxy.close();
    await swift.stop();
    await rm(root, { recursive: true, force: true });
  }
}

if (process.argv[1] && path.resolve(process.argv[1]) === path.resolve(new URL(import.meta.url).pathname)) {
  const quick = process.argv.includes('--quick');
  const filesIndex = process.argv.indexOf('--small-files');
  const record = await measureWan({
    ...(quick ? { smallFiles: 20, bigFileBytes: 16 << 20 } : {}),
    ...(filesIndex > 0 ? { smallFiles: Number(process.argv[filesIndex + 1]) } : {}),
    log: (line) => process.stdout.write(`${line}\n`),
  });
  process.stdout.write(`${JSON.stringify(record)}\n`);
}
