/** engine/grid (upload, download, check, verify, repair) through five GBS clients talking to five GBS servers over HTTPS. */
import { createHash, randomBytes } from 'node:crypto';
import { readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { EncodingParams } from '../../chk/api';
import { bytesByteSource, checkFile, downloadToBytes, uploadFile } from '../../grid';
import { makeTempRoot, serveBlobServer, type ServedBlobServer } from './test-fixtures';

const encoding: EncodingParams = { needed: 2, happy: 4, total: 5, maxSegmentSize: 64 * 1024 };
const leaseSecret = new Uint8Array(32).fill(5);
const uploadOptions = { encoding, convergence: new Uint8Array(16).fill(1), leaseSecret };
const checkOptions = { happy: 4, maxSegmentSize: encoding.maxSegmentSize, leaseSecret };

let temp: Awaited<ReturnType<typeof makeTempRoot>>;
let grid: ServedBlobServer[];
beforeEach(async () => {
  temp = await makeTempRoot('grid');
  grid = [];
  for (let i = 0; i < 5; i++) grid.push(await serveBlobServer(temp.root, { name: `cloud-${i}`, chunkSize: 64 * 1024 }));
});
afterEach(async () => {
  await Promise.all(grid.map((served) => served.stop()));
  await temp.cleanup();
});

const sha = (bytes: Uint8Array): string => createHash('sha256').update(bytes).digest('hex');

describe('a grid of GBS servers', () => {
  it('uploads, downloads, checks, verifies and repairs files through the protocol', async () => {
    const clients = grid.map((served) => served.client);
    const small = randomBytes(5_000);
    const large = randomBytes(600_000);
    const smallUpload = await uploadFile(clients, bytesByteSource(small), uploadOptions);
    const largeUpload = await uploadFile(clients, bytesByteSource(large), uploadOptions);
    expect(largeUpload.happiness).toBe(5);
    expect(sha(await downloadToBytes(clients, smallUpload.cap))).toBe(sha(small));
    expect(sha(await downloadToBytes(clients, largeUpload.cap))).toBe(sha(large));
    expect(await checkFile(clients, largeUpload.cap, { ...checkOptions, verify: true })).toMatchObject({ healthy: true, goodShares: 5, corruptShares: [] });

    // Two servers lose their shares (deleted behind the protocol's back); the file stays readable from the other three.
    const holders = largeUpload.uploaded.slice(0, 2).map((entry) => grid.find((served) => served.client.serverId === entry.serverId)!);
    for (const holder of holders) await rm(join(temp.root, `${holder.backend.nickname}-blobs`, 'shares'), { recursive: true, force: true });
    const damaged = await checkFile(clients, largeUpload.cap, { ...checkOptions, verify: true });
    expect(damaged).toMatchObject({ healthy: false, recoverable: true, goodShares: 3 });
    expect(sha(await downloadToBytes(clients, largeUpload.cap))).toBe(sha(large));

    const repaired = await checkFile(clients, largeUpload.cap, { ...checkOptions, verify: true, repair: true });
    expect(repaired.repair?.succeeded).toBe(true);
    expect(repaired.repair!.after).toMatchObject({ healthy: true, goodShares: 5 });
    expect(sha(await downloadToBytes(clients, largeUpload.cap))).toBe(sha(large));
  });

  it('reports corrupt shares found by verification to the server holding them', async () => {
    const clients = grid.map((served) => served.client);
    const data = randomBytes(200_000);
    const upload = await uploadFile(clients, bytesByteSource(data), uploadOptions);
    const victimEntry = upload.uploaded[0]!;
    const victim = grid.find((served) => served.client.serverId === victimEntry.serverId)!;
    // Flip a byte in the stored share object, under the server.
    const shares = join(temp.root, `${victim.backend.nickname}-blobs`, 'shares');
    const entries = await readdir(shares, { recursive: true, withFileTypes: true });
    const target = entries.filter((entry) => entry.isFile()).map((entry) => join(entry.parentPath, entry.name)).sort()[0]!;
    const bytes = await readFile(target);
    bytes[bytes.length - 500]! ^= 0xff;
    await writeFile(target, bytes);
    const report = await checkFile(clients, upload.cap, { ...checkOptions, verify: true });
    expect(report).toMatchObject({ healthy: false, recoverable: true, goodShares: 4 });
    expect((await victim.backend.listCorruptionAdvisories()).map((a) => a.shareNumber)).toEqual(victimEntry.shareNumbers);
  });
});
