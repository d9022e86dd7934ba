/**
 * Big and small files on BlobStorageServers (the server every cloud account
 * uses) over stores that answer each request after a fixed delay, as a
 * distant provider does: `npx tsx bench/blob-latency.ts [--quick] [--latency-ms 20] [--size 32M]`.
 * Five local-folder BlobStores, each request delayed, 3-of-5 with 1 MiB
 * segments (the default encoding). Measures the big file's upload, its
 * download with one segment fetched ahead (how downloads worked before) and
 * with the default read-ahead (alternated, best of two each), and the
 * requests a 100 KB file costs over the five servers.
 * Prints one JSON record, with the AES and SHA-256 ceilings of the same run.
 */
import { randomBytes } from 'node:crypto';
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { LocalBlobStore } from '../engine/backends/local';
import type { BlobBody, BlobInfo, BlobRange, BlobStore } from '../engine/backends/types';
import { bytesByteSource, downloadFile, uploadFile } from '../engine/grid';
import { BlobStorageServer } from '../engine/storage/blob-server';
import { measureCeilings } from './ceilings';

const ENCODING = { needed: 3, happy: 4, total: 5, maxSegmentSize: 1 << 20 };
const SERVERS = 5;

/** A real store whose every request waits `latencyMs` first, and counts what it is asked. */
class DistantStore implements BlobStore {
  readonly kind = 'distant-local';
  requests = 0;
  constructor(
    private readonly inner: BlobStore,
    private readonly latencyMs: number,
  ) {}
  private async later<T>(run: () => Promise<T>): Promise<T> {
    this.requests++;
    await new Promise((resolve) => setTimeout(resolve, this.latencyMs));
    return run();
  }
  get(key: string, range?: BlobRange) {
    return this.later(() => this.inner.get(key, range));
  }
  stat(key: string) {
    return this.later(() => this.inner.stat(key));
  }
  put(key: string, body: BlobBody) {
    return this.later(() => this.inner.put(key, body));
  }
  delete(key: string) {
    return this.later(() => this.inner.delete(key));
  }
  async *list(prefix: string): AsyncIterable<BlobInfo> {
    const all: BlobInfo[] = await this.later(async () => {
      const out: BlobInfo[] = [];
      for await (const info of this.inner.list(prefix)) out.push(info);
      return out;
    });
    yield* all;
  }
  capacity() {
    return this.inner.capacity();
  }
  testConnection() {
    return this.inner.testConnection();
  }
  close() {
    return this.inner.close();
  }
}

export interface BlobLatencyOptions {
  /** Bytes of the big file (default 32 MiB; 8 MiB with quick). */
  bigBytes?: number;
  /** Delay before each store request (default 20 ms). */
  latencyMs?: number;
  quick?: boolean;
}

async function timed(run: () => Promise<unknown>): Promise<number> {
  const started = performance.now();
  await run();
  return (performance.now() - started) / 1000;
}

async function drain(servers: BlobStorageServer[], cap: string, prefetchSegments?: number): Promise<number> {
  let bytes = 0;
  for await (const chunk of downloadFile(servers, cap, { prefetchSegments })) bytes += chunk.length;
  return bytes;
}

export async function measureBlobLatency(options: BlobLatencyOptions = {}): Promise<Record<string, number | string | boolean>> {
  const latencyMs = options.latencyMs ?? 20;
  const bigBytes = options.bigBytes ?? (options.quick ? 8 << 20 : 32 << 20);
  const root = await mkdtemp(join(tmpdir(), 'raic-blob-latency-'));
  try {
    const stores: DistantStore[] = [];
    for (let i = 0; i < SERVERS; i++) {
      await mkdir(join(root, `store-${i}`));
      stores.push(new DistantStore(new LocalBlobStore({ root: join(root, `store-${i}`) }), latencyMs));
    }
    const servers = stores.map((store, i) => new BlobStorageServer({ serverId: `distant-${i}`, nickname: `distant ${i}`, store }));
    const upload = (data: Uint8Array, seed: number) =>
      uploadFile(servers, bytesByteSource(data), { encoding: ENCODING, convergence: new Uint8Array(16).fill(seed), leaseSecret: new Uint8Array(32).fill(9) });
    const requests = () => stores.reduce((sum, store) => sum + store.requests, 0);

    const big = randomBytes(bigBytes);
    let cap = '';
    const uploadSeconds = await timed(async () => ({ cap } = await upload(big, 1)));
    // Alternated, best of two each: on a shared machine one slow moment should not decide the comparison.
    let oneAheadSeconds = Infinity;
    let defaultSeconds = Infinity;
    for (let round = 0; round < 2; round++) {
      oneAheadSeconds = Math.min(oneAheadSeconds, await timed(() => drain(servers, cap, 1)));
      defaultSeconds = Math.min(
        defaultSeconds,
        await timed(async () => {
          if ((await drain(servers, cap)) !== bigBytes) throw new Error('the big file came back with the wrong length');
        }),
      );
    }

    const small = randomBytes(100_000);
    let before = requests();
    const smallUpload = await upload(small, 2);
    const smallUploadRequests = requests() - before;
    before = requests();
    await drain(servers, smallUpload.cap);
    const smallDownloadRequests = requests() - before;
    const shares = ENCODING.total;

    const ceilings = measureCeilings();
    const mbps = (seconds: number) => Number((bigBytes / 1e6 / seconds).toFixed(1));
    return {
      blob_latency_ms: latencyMs,
      blob_big_file_MB: Number((bigBytes / 1e6).toFixed(1)),
      blob_big_upload_s: Number(uploadSeconds.toFixed(2)),
      blob_big_upload_MBps: mbps(uploadSeconds),
      blob_big_download_one_ahead_s: Number(oneAheadSeconds.toFixed(2)),
      blob_big_download_one_ahead_MBps: mbps(oneAheadSeconds),
      blob_big_download_s: Number(defaultSeconds.toFixed(2)),
      blob_big_download_MBps: mbps(defaultSeconds),
      blob_small_upload_requests: smallUploadRequests,
      blob_small_upload_requests_per_share: Number((smallUploadRequests / shares).toFixed(2)),
      blob_small_download_requests: smallDownloadRequests,
      aes128ctr_MBps: Number(ceilings.aes128ctr.toFixed(1)),
      sha256_MBps: Number(ceilings.sha256.toFixed(1)),
    };
  } finally {
    await rm(root, { recursive: true, force: true });
  }
}

if (process.argv[1] && import.meta.url.endsWith(process.argv[1].split('/').pop()!)) {
  const { values } = parseArgs({ options: { quick: { type: 'boolean', default: false }, 'latency-ms': { type: 'string' } } });
  const record = await measureBlobLatency({ quick: values.quick, latencyMs: values['latency-ms'] ? Number(values['latency-ms']) : undefined });
  process.stdout.write(`${JSON.stringify(record)}\n`);
}
