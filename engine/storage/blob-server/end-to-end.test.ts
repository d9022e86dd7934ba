import { createHash, randomBytes } from 'node:crypto';
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { LocalBlobStore } from '../../backends/local';
import type { EncodingParams } from '../../chk/api';
import { bytesByteSource, checkFile, downloadFile, uploadFile } from '../../grid';
import { BlobStorageServer } from './blob-server';

const encoding: EncodingParams = { needed: 2, happy: 4, total: 5, maxSegmentSize: 64 * 1024 };
const leaseSecret = new Uint8Array(32).fill(5);
const uploadOptions = { encoding, convergence: new Uint8Array(16).fill(1), leaseSecret };
const checkOptions = { happy: 4, maxSegmentSize: encoding.maxSegmentSize, leaseSecret };
const CHUNK = 64 * 1024;

let root: string;
let stores: LocalBlobStore[];
let servers: BlobStorageServer[];
beforeEach(async () => {
  root = await mkdtemp(join(tmpdir(), 'raic-blob-grid-'));
  stores = [];
  servers = [];
  for (let i = 0; i < 5; i++) {
    const folder = join(root, `cloud-${i}`);
    await mkdir(folder);
    stores.push(new LocalBlobStore({ root: folder }));
    servers.push(new BlobStorageServer({ serverId: `blob-${i}`, nickname: `cloud-${i}`, store: stores[i], chunkSize: CHUNK }));
  }
});
afterEach(async () => {
  await rm(root, { recursive: true, force: true });
});

async function download(cap: string): Promise<Buffer> {
  const parts: Uint8Array[] = [];
  for await (const part of downloadFile(servers, cap)) parts.push(part);
  return Buffer.concat(parts);
}

async function shareKeys(index: number): Promise<string[]> {
  const keys: string[] = [];
  for await (const info of stores[index].list('shares/')) keys.push(info.key);
  return keys.sort();
}

describe('CHK upload, download, check and repair over BlobStorageServers', () => {
  it('round-trips a file whose shares span several chunks, and repairs a lost share', async () => {
    const data = randomBytes(700_000);
    const upload = await uploadFile(servers, bytesByteSource(data), uploadOptions);
    expect(upload.shareSize).toBeGreaterThan(4 * CHUNK);
    expect(upload.happiness).toBe(5);
    // Each server holds one share, stored as chunk objects.
    for (let i = 0; i < 5; i++) expect((await shareKeys(i)).length).toBe(Math.ceil(upload.shareSize / CHUNK));
    expect(createHash('sha256').update(await download(upload.cap)).digest('hex')).toBe(createHash('sha256').update(data).digest('hex'));

    const healthy = await checkFile(servers, upload.cap, { ...checkOptions, verify: true });
    expect(healthy).toMatchObject({ healthy: true, goodShares: 5, corruptShares: [] });

    // Corrupt one byte inside a middle chunk of one share: only verification notices, and the server is told.
    const victim = servers.findIndex((s) => s.serverId === upload.uploaded[0].serverId);
    const middle = (await shareKeys(victim)).find((key) => key.endsWith('.2'))!;
    const bytes = await stores[victim].get(middle);
    bytes[100] ^= 0xff;
    await stores[victim].put(middle, bytes);
    const corrupt = await checkFile(servers, upload.cap, { ...checkOptions, verify: true });
    expect(corrupt).toMatchObject({ healthy: false, recoverable: true, goodShares: 4 });
    expect((await servers[victim].listCorruptionAdvisories()).map((a) => a.shareNumber)).toEqual(upload.uploaded[0].shareNumbers);

    // Lose another server's share entirely (its first chunk object is what makes it exist).
    const lost = (victim + 1) % 5;
    for (const key of await shareKeys(lost)) await stores[lost].delete(key);
    const before = await checkFile(servers, upload.cap, { ...checkOptions, verify: true });
    expect(before).toMatchObject({ healthy: false, recoverable: true, goodShares: 3 });
    const repaired = await checkFile(servers, upload.cap, { ...checkOptions, verify: true, repair: true });
    expect(repaired.repair?.succeeded).toBe(true);
    expect(repaired.repair!.after).toMatchObject({ healthy: true, goodShares: 5 });
    expect(Buffer.from(await download(upload.cap)).equals(data)).toBe(true);
    // Nothing is left half-written anywhere.
    for (const store of stores) for await (const info of store.list('incoming/')) expect.unreachable(`leftover ${info.key}`);
  });

  it('leaves no visible share and nothing staged when a store fails part-way through a multi-chunk upload', async () => {
    // Two stores start refusing puts after their first few chunks: happiness 4 of 5 is lost mid-pipeline.
    for (const index of [1, 3]) {
      const store = stores[index];
      const put = store.put.bind(store);
      let puts = 0;
      store.put = async (key, body) => {
        if (key.startsWith('shares/') && ++puts > 2) throw new Error('the provider refused the request (HTTP 503)');
        return put(key, body);
      };
    }
    const error = await uploadFile(servers, bytesByteSource(randomBytes(700_000)), uploadOptions).catch((e: unknown) => e);
    expect((error as Error).message).toMatch(/^upload failed: lost 2 servers during the upload .*HTTP 503/);
    for (let i = 0; i < 5; i++) expect([i, await shareKeys(i)]).toEqual([i, []]);
    for (const store of stores) for await (const info of store.list('incoming/')) expect.unreachable(`leftover ${info.key}`);
  });
});
