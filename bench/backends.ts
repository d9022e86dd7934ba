/**
 * Backend throughput: put and get of N blobs of a given size through the S3
 * backend (against a local Swift with s3api) and through the local-folder
 * backend, in MB/s (1 MB = 10^6 bytes). Also the CPU seconds each Swift
 * server and this process spent, to show what limits S3.
 *
 *   npx tsx bench/backends.ts --size 100 --count 10
 *
 * benchmarkBackends() is what the project benchmark can call.
 */
import { readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { CreateBucketCommand, S3Client } from '@aws-sdk/client-s3';
import { startSwiftServer } from '../scripts/servers/index';
import { LocalBlobStore } from '../engine/backends/local/index';
import { S3BlobStore } from '../engine/backends/s3/index';
import { patternBytes } from '../engine/backends/test-data';
import type { BlobBody, BlobStore } from '../engine/backends/types';

export interface BackendBenchOptions {
  /** Blob size in MiB. */
  sizeMiB?: number;
  count?: number;
  /** Backends to measure. */
  backends?: Array<'s3' | 'local'>;
  /** S3 multipart part size in MiB. */
  partSizeMiB?: number;
  /** S3 parts uploaded at once. */
  partsInFlight?: number;
}

export interface BackendBenchResult {
  backend: string;
  blobBytes: number;
  count: number;
  putMBps: number;
  getMBps: number;
  /** CPU seconds spent during the puts and during the gets, by process (this one is "node"). */
  putCpuSeconds: Record<string, number>;
  getCpuSeconds: Record<string, number>;
}

const MiB = 1 << 20;
const TICKS_PER_SECOND = 100;

function cpuSecondsOf(pid: number): number {
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
    return (Number(fields[11]) + Number(fields[12])) / TICKS_PER_SECOND;
  } catch {
    return NaN;
  }
}

function streamOf(bytes: Uint8Array): BlobBody {
  return {
    size: bytes.byteLength,
    chunks: (async function* () {
      for (let offset = 0; offset < bytes.byteLength; offset += MiB) yield bytes.subarray(offset, offset + MiB);
    })(),
  };
}

/** CPU seconds of this process and of the given server processes while an operation runs. */
async function withCpuAccounting(pids: Record<string, number>, operation: () => Promise<void>): Promise<{ seconds: number; cpu: Record<string, number> }> {
  const before = Object.fromEntries(Object.entries(pids).map(([who, pid]) => [who, cpuSecondsOf(pid)]));
  const nodeBefore = process.cpuUsage();
  const started = performance.now();
  await operation();
  const seconds = (performance.now() - started) / 1000;
  const nodeCpu = process.cpuUsage(nodeBefore);
  const cpu: Record<string, number> = { node: (nodeCpu.user + nodeCpu.system) / 1e6 };
  for (const [who, pid] of Object.entries(pids)) cpu[who] = cpuSecondsOf(pid) - before[who];
  return { seconds, cpu };
}

async function measure(name: string, store: BlobStore, blob: Uint8Array, count: number, pids: Record<string, number>): Promise<BackendBenchResult> {
  const puts = await withCpuAccounting(pids, async () => {
    for (let i = 0; i < count; i++) await store.put(`bench/blob-${i}`, streamOf(blob));
  });
  const gets = await withCpuAccounting(pids, async () => {
    for (let i = 0; i < count; i++) {
      const back = await store.get(`bench/blob-${i}`);
      if (back.byteLength !== blob.byteLength) throw new Error(`${name}: blob ${i} came back with ${back.byteLength} bytes`);
    }
  });
  for (let i = 0; i < count; i++) await store.delete(`bench/blob-${i}`);
  const totalMB = (blob.byteLength * count) / 1e6;
  return {
    backend: name,
    blobBytes: blob.byteLength,
    count,
    putMBps: totalMB / puts.seconds,
    getMBps: totalMB / gets.seconds,
    putCpuSeconds: puts.cpu,
    getCpuSeconds: gets.cpu,
  };
}

export async function benchmarkBackends(options: BackendBenchOptions = {}): Promise<BackendBenchResult[]> {
  const size = Math.round((options.sizeMiB ?? 100) * MiB);
  const count = options.count ?? 10;
  const backends = options.backends ?? ['s3', 'local'];
  const blob = patternBytes('bench', size);
  const results: BackendBenchResult[] = [];

  if (backends.includes('local')) {
    const folder = await mkdtemp(path.join(tmpdir(), 'raic-bench-local-'));
    try {
      results.push(await measure('local', new LocalBlobStore({ root: folder }), blob, count, {}));
    } finally {
      await rm(folder, { recursive: true, force: true });
    }
  }
  if (backends.includes('s3')) {
    const swift = await startSwiftServer();
    try {
      const admin = new S3Client({ endpoint: swift.s3.endpoint, region: swift.s3.region, forcePathStyle: true, credentials: { accessKeyId: swift.s3.accessKeyId, secretAccessKey: swift.s3.secretAccessKey } });
      await admin.send(new CreateBucketCommand({ Bucket: 'raic-bench' }));
      admin.destroy();
      const store = new S3BlobStore({
        endpoint: swift.s3.endpoint,
        region: swift.s3.region,
        forcePathStyle: true,
        bucket: 'raic-bench',
        accessKeyId: swift.s3.accessKeyId,
        secretAccessKey: swift.s3.secretAccessKey,
        partSizeBytes: (options.partSizeMiB ?? 8) * MiB,
        partsInFlight: options.partsInFlight,
      });
      const pids = swift.processIds();
      results.push(await measure('s3 (Swift s3api, 127.0.0.1)', store, blob, count, pids));
      await store.close();
    } finally {
      await swift.stop();
    }
  }
  return results;
}

function argument(name: string): string | undefined {
  const index = process.argv.indexOf(`--${name}`);
  return index >= 0 ? process.argv[index + 1] : undefined;
}

if (process.argv[1] && path.resolve(process.argv[1]) === path.resolve(new URL(import.meta.url).pathname)) {
  const results = await benchmarkBackends({
    sizeMiB: Number(argument('size') ?? 100),
    count: Number(argument('count') ?? 10),
    partSizeMiB: argument('part-size') ? Number(argument('part-size')) : undefined,
    partsInFlight: argument('parts-in-flight') ? Number(argument('parts-in-flight')) : undefined,
    backends: (argument('backends')?.split(',') as BackendBenchOptions['backends']) ?? undefined,
  });
  const describeCpu = (cpu: Record<string, number>) =>
    Object.entries(cpu)
      .filter(([, seconds]) => seconds >= 0.05)
      .map(([who, seconds]) => `${who} ${seconds.toFixed(1)}s`)
      .join(', ');
  for (const result of results) {
    console.log(`${result.backend}: ${result.count} x ${(result.blobBytes / MiB).toFixed(0)} MiB`);
    console.log(`  put ${result.putMBps.toFixed(0)} MB/s  (CPU: ${describeCpu(result.putCpuSeconds)})`);
    console.log(`  get ${result.getMBps.toFixed(0)} MB/s  (CPU: ${describeCpu(result.getCpuSeconds)})`);
  }
}
