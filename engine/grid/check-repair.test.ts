import { randomBytes } from 'node:crypto';
import { rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { EncodingParams } from '../chk/api';
import { bytesByteSource } from './byte-sources';
import { checkFile } from './check';
import { downloadToBytes } from './download';
import { uploadFile, type UploadReport } from './upload';
import { makeTestGrid, type TestGrid } from '../test-support/test-grid';

const encoding: EncodingParams = { needed: 3, happy: 7, total: 10, maxSegmentSize: 64 * 1024 };
const leaseSecret = new Uint8Array(32).fill(5);
const uploadOptions = { encoding, convergence: new Uint8Array(16).fill(1), leaseSecret };
const checkOptions = { happy: 7, maxSegmentSize: encoding.maxSegmentSize, leaseSecret };

let grid: TestGrid;
let data: Buffer;
let upload: UploadReport;
beforeEach(async () => {
  grid = await makeTestGrid(10);
  data = randomBytes(400_000);
  upload = await uploadFile(grid.servers, bytesByteSource(data), uploadOptions);
});
afterEach(async () => {
  await grid.cleanup();
});

function sharePath(serverIndex: number, shareNumber: number): string {
  const si = upload.storageIndex!;
  return join(grid.servers[serverIndex].root, 'shares', si.slice(0, 2), si, String(shareNumber));
}

function holderOf(shareNumber: number): number {
  const entry = upload.uploaded.find((s) => s.shareNumbers.includes(shareNumber))!;
  return grid.servers.findIndex((s) => s.serverId === entry.serverId);
}

describe('checkFile', () => {
  it('reports a healthy file, with and without verification', async () => {
    for (const verify of [false, true]) {
      const report = await checkFile(grid.servers, upload.cap, { ...checkOptions, verify });
      expect(report).toMatchObject({
        kind: 'CHK', verified: verify, needed: 3, expected: 10, happy: 7, distinctSharesFound: 10, goodShares: 10, happiness: 10,
        healthy: true, recoverable: true, corruptShares: [], storageIndex: upload.storageIndex,
      });
      expect(report.sharesFound.flatMap((s) => s.shareNumbers).sort((a, b) => a - b)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
    }
    // The verify cap checks too.
    const byVerifyCap = await checkFile(grid.servers, upload.verifyCap!, { ...checkOptions, verify: true });
    expect(byVerifyCap.healthy).toBe(true);
  });

  it('finds corrupt shares only when verifying, and advises the server', async () => {
    const victim = holderOf(4);
    const path = sharePath(victim, 4);
    const bytes = Buffer.from(await (await grid.servers[victim].getBuckets(siBytes())).get(4)!.read(0, 1 << 30));
    bytes[bytes.length - 10] ^= 1; // inside the URI extension block
    await writeFile(path, bytes);
    const quick = await checkFile(grid.servers, upload.cap, checkOptions);
    expect(quick.healthy).toBe(true);
    const verified = await checkFile(grid.servers, upload.cap, { ...checkOptions, verify: true });
    expect(verified.healthy).toBe(false);
    expect(verified.recoverable).toBe(true);
    expect(verified.goodShares).toBe(9);
    expect(verified.corruptShares).toHaveLength(1);
    expect(verified.corruptShares[0]).toMatchObject({ serverId: grid.servers[victim].serverId, shareNumber: 4 });
    expect(verified.corruptShares[0].reason.length).toBeGreaterThan(0);
    const advisories = await grid.servers[victim].listCorruptionAdvisories();
    expect(advisories.map((a) => a.shareNumber)).toEqual([4]);
  });

  it('repairs deleted and corrupted shares back to full health', async () => {
    // Delete three shares and corrupt a block of a fourth.
    for (const n of [0, 5, 9]) await rm(sharePath(holderOf(n), n));
    const corruptHolder = holderOf(2);
    const reader = (await grid.servers[corruptHolder].getBuckets(siBytes())).get(2)!;
    const bytes = Buffer.from(await reader.read(0, reader.size));
    bytes[100] ^= 0xff;
    await writeFile(sharePath(corruptHolder, 2), bytes);

    const before = await checkFile(grid.servers, upload.cap, { ...checkOptions, verify: true });
    expect(before).toMatchObject({ healthy: false, recoverable: true, goodShares: 6, distinctSharesFound: 7, happiness: 6 });

    const repaired = await checkFile(grid.servers, upload.cap, { ...checkOptions, verify: true, repair: true });
    expect(repaired.repair?.succeeded).toBe(true);
    expect(repaired.repair?.error).toBeUndefined();
    const placedShares = repaired.repair!.placed.flatMap((p) => p.shareNumbers).sort((a, b) => a - b);
    expect(placedShares).toEqual([0, 2, 5, 9]);
    // The replacement of share 2 cannot go to the server holding the corrupt copy.
    const share2Home = repaired.repair!.placed.find((p) => p.shareNumbers.includes(2))!;
    expect(share2Home.serverId).not.toBe(grid.servers[corruptHolder].serverId);
    const after = repaired.repair!.after!;
    expect(after).toMatchObject({ healthy: true, goodShares: 10, verified: true });
    expect(after.happiness).toBeGreaterThanOrEqual(7);
    expect(after.corruptShares).toHaveLength(1); // the old corrupt copy is still there, reported

    // The file reads back from the regenerated shares alone plus any two others.
    const regeneratedHolders = new Set(repaired.repair!.placed.map((p) => p.serverId));
    const subset = grid.servers.filter((s) => regeneratedHolders.has(s.serverId));
    expect(Buffer.from(await downloadToBytes(subset, upload.cap)).equals(data)).toBe(true);
    // A later check without repair stays healthy.
    expect((await checkFile(grid.servers, upload.cap, checkOptions)).healthy).toBe(true);
  });

  it('repairs a file whose shares all sit on too few servers', async () => {
    // Upload everything to 2 servers (happy 2), then check against the whole grid wanting happiness 7.
    const small = grid.servers.slice(0, 2);
    const other = randomBytes(150_000);
    const crowded = await uploadFile(small, bytesByteSource(other), { ...uploadOptions, encoding: { ...encoding, happy: 2 } });
    const before = await checkFile(grid.servers, crowded.cap, checkOptions);
    expect(before).toMatchObject({ healthy: false, goodShares: 10, happiness: 2 });
    const repaired = await checkFile(grid.servers, crowded.cap, { ...checkOptions, repair: true });
    expect(repaired.repair?.succeeded).toBe(true);
    expect(repaired.repair!.after!.happiness).toBeGreaterThanOrEqual(7);
    expect(Buffer.from(await downloadToBytes(grid.servers.slice(2), crowded.cap)).equals(other)).toBe(true);
  });

  it('finds the segment size the file was uploaded with when the grid setting differs', async () => {
    const other = randomBytes(300_000);
    const tahoeSized = await uploadFile(grid.servers, bytesByteSource(other), { ...uploadOptions, encoding: { ...encoding, maxSegmentSize: 128 * 1024 } });
    const holder = tahoeSized.uploaded[0];
    const si = tahoeSized.storageIndex!;
    const server = grid.servers.find((s) => s.serverId === holder.serverId)!;
    await rm(join(server.root, 'shares', si.slice(0, 2), si, String(holder.shareNumbers[0])));
    const repaired = await checkFile(grid.servers, tahoeSized.cap, { ...checkOptions, maxSegmentSize: 1024 * 1024, verify: true, repair: true });
    expect(repaired.repair?.succeeded).toBe(true);
    expect(repaired.repair!.after).toMatchObject({ healthy: true, goodShares: 10, corruptShares: [] });
  });

  it('says when a file cannot be repaired', async () => {
    for (const entry of upload.uploaded) {
      for (const n of entry.shareNumbers) if (n > 1) await rm(sharePath(grid.servers.findIndex((s) => s.serverId === entry.serverId), n));
    }
    const report = await checkFile(grid.servers, upload.cap, { ...checkOptions, repair: true });
    expect(report).toMatchObject({ healthy: false, recoverable: false, goodShares: 2 });
    expect(report.repair).toMatchObject({ attempted: false, succeeded: false });
    expect(report.repair!.error).toMatch(/only 2 good shares remain and 3 are needed/);

    const verifyOnly = await checkFile(grid.servers, upload.verifyCap!, { ...checkOptions, repair: true });
    expect(verifyOnly.repair!.error).toMatch(/needs the read cap/);
  });

  it('treats literal caps as always healthy', async () => {
    const lit = await uploadFile(grid.servers, bytesByteSource(Buffer.from('tiny')), uploadOptions);
    const report = await checkFile(grid.servers, lit.cap, { verify: true, repair: true });
    expect(report).toMatchObject({ kind: 'LIT', healthy: true, recoverable: true, fileSize: 4 });
  });
});

function siBytes(): Uint8Array {
  return base32DecodeForTest(upload.storageIndex!);
}

import { base32Decode as base32DecodeForTest } from '../chk/base32';
