import { randomBytes } from 'node:crypto';
import { rm, writeFile, appendFile, utimes } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { parseCap } from '../chk';
import type { EncodingParams } from '../chk/api';
import type { AllocateRequest, AllocateResult, BucketWriter, StorageServer } from '../storage/types';
import { LocalFolderStorageServer } from '../storage/local';
import { bytesByteSource, fileByteSource } from './byte-sources';
import { downloadFile, downloadToBytes } from './download';
import { FileChangedError, FileNotFoundInGridError, HappinessError, UploadCancelledError, UploadError } from './errors';
import { happinessOf } from './happiness';
import { permuteServers } from './permute';
import { uploadFile } from './upload';
import { filesUnder, makeTestGrid, type TestGrid } from '../test-support/test-grid';

const encoding: EncodingParams = { needed: 3, happy: 7, total: 10, maxSegmentSize: 128 * 1024 };
const convergence = new Uint8Array(16).fill(9);
const leaseSecret = new Uint8Array(32).fill(5);
const uploadOptions = { encoding, convergence, leaseSecret };

/** A real server whose bucket writes start failing after `failAfterBytes` (a disk filling up, a dropped link). */
class FailingServer implements StorageServer {
  written = 0;
  constructor(
    private readonly inner: LocalFolderStorageServer,
    private readonly failAfterBytes: number,
    private readonly code = 'ENOSPC',
  ) {}
  get serverId() { return this.inner.serverId; }
  get nickname() { return this.inner.nickname; }
  getVersion() { return this.inner.getVersion(); }
  getBuckets(si: Uint8Array) { return this.inner.getBuckets(si); }
  adviseCorruptShare(si: Uint8Array, n: number, reason: string) { return this.inner.adviseCorruptShare(si, n, reason); }
  async allocateBuckets(request: AllocateRequest): Promise<AllocateResult> {
    const result = await this.inner.allocateBuckets(request);
    const allocated = new Map<number, BucketWriter>();
    for (const [n, writer] of result.allocated) {
      allocated.set(n, {
        write: async (offset, data) => {
          if (this.written + data.length > this.failAfterBytes) {
            throw Object.assign(new Error(`no space left on device, write`), { code: this.code });
          }
          this.written += data.length;
          await writer.write(offset, data);
        },
        close: () => writer.close(),
        abort: () => writer.abort(),
      });
    }
    return { alreadyHave: result.alreadyHave, allocated };
  }
}

let grid: TestGrid;
beforeEach(async () => {
  grid = await makeTestGrid(10);
});
afterEach(async () => {
  await grid.cleanup();
});

async function shareFiles(): Promise<string[]> {
  return (await filesUnder(grid.root)).filter((f) => f.includes('/shares/'));
}

async function incomingFiles(): Promise<string[]> {
  return (await filesUnder(grid.root)).filter((f) => f.includes('/incoming/'));
}

describe('uploadFile / downloadFile', () => {
  it('round-trips a multi-segment file with one share per server, and resumes nothing on re-upload', async () => {
    const data = randomBytes(3 * 1024 * 1024 + 12345);
    const progress: [number, number][] = [];
    const report = await uploadFile(grid.servers, bytesByteSource(data), { ...uploadOptions, onProgress: (d, t) => progress.push([d, t]) });
    expect(report.cap).toMatch(/^URI:CHK:/);
    expect(report.verifyCap).toMatch(/^URI:CHK-Verifier:/);
    expect(report.storageIndex).toHaveLength(26);
    expect(report.fileSize).toBe(data.length);
    expect(report.happiness).toBe(10);
    expect(report.uploaded).toHaveLength(10);
    expect(report.uploaded.flatMap((s) => s.shareNumbers).sort((a, b) => a - b)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
    expect(report.bytesUploaded).toBe(10 * report.shareSize);
    // Progress is in file bytes, counted once over both reads: it ends at exactly the size, never passes it, never goes back.
    expect(progress.at(-1)).toEqual([data.length, data.length]);
    expect(progress.every(([done, total]) => total === data.length && done <= data.length)).toBe(true);
    expect(progress.every(([done], i) => i === 0 || done >= progress[i - 1]![0])).toBe(true);
    expect(progress.filter(([done]) => done === data.length)).toHaveLength(1);
    expect(await shareFiles()).toHaveLength(10);
    expect(await incomingFiles()).toEqual([]);

    expect(Buffer.from(await downloadToBytes(grid.servers, report.cap)).equals(data)).toBe(true);
    // A range.
    const ranged = await downloadToBytes(grid.servers, report.cap, { offset: 1_000_000, length: 300_000 });
    expect(Buffer.from(ranged).equals(data.subarray(1_000_000, 1_300_000))).toBe(true);

    // Convergence: same file, same cap, nothing re-uploaded.
    const again = await uploadFile(grid.servers, bytesByteSource(data), uploadOptions);
    expect(again.cap).toBe(report.cap);
    expect(again.bytesUploaded).toBe(0);
    expect(again.alreadyPresent.flatMap((s) => s.shareNumbers)).toHaveLength(10);
  });

  it('downloads with 1 and then 2 servers removed, from any 3 shares', async () => {
    const data = randomBytes(700_000);
    const { cap } = await uploadFile(grid.servers, bytesByteSource(data), uploadOptions);
    const survivors = grid.servers.slice(2);
    expect(Buffer.from(await downloadToBytes(grid.servers.slice(1), cap)).equals(data)).toBe(true);
    expect(Buffer.from(await downloadToBytes(survivors, cap)).equals(data)).toBe(true);
    // Only three servers left: still readable (k = 3).
    expect(Buffer.from(await downloadToBytes(grid.servers.slice(7), cap)).equals(data)).toBe(true);
    // Two: not enough, with a message saying so.
    await expect(downloadToBytes(grid.servers.slice(8), cap)).rejects.toThrow(/not enough shares: 2 distinct shares found on 2 of 2 servers, 3 needed/);
  });

  it('uploads with 2 servers missing when happiness is still reachable', async () => {
    const data = randomBytes(500_000);
    const report = await uploadFile(grid.servers.slice(0, 8), bytesByteSource(data), uploadOptions);
    expect(report.happiness).toBe(8);
    expect(report.uploaded.flatMap((s) => s.shareNumbers)).toHaveLength(10);
    expect(Buffer.from(await downloadToBytes(grid.servers.slice(0, 8), report.cap)).equals(data)).toBe(true);
  });

  it('stores files of 55 bytes or less in a literal cap, touching no server', async () => {
    for (const size of [0, 1, 55]) {
      const data = randomBytes(size);
      const report = await uploadFile(grid.servers, bytesByteSource(data), uploadOptions);
      expect(report.cap).toMatch(/^URI:LIT:/);
      expect(report.verifyCap).toBeNull();
      expect(Buffer.from(await downloadToBytes([], report.cap)).equals(data)).toBe(true);
    }
    expect(await filesUnder(grid.root)).toEqual([]);
    const report56 = await uploadFile(grid.servers, bytesByteSource(randomBytes(56)), uploadOptions);
    expect(report56.cap).toMatch(/^URI:CHK:/);
  });

  it('reports progress in file bytes that ends at exactly the size and never passes it, for literal, odd-sized and already-stored files', async () => {
    for (const size of [7, 56, 300_001]) {
      const data = randomBytes(size);
      for (const attempt of ['first upload', 'every share already stored']) {
        const progress: [number, number][] = [];
        await uploadFile(grid.servers, bytesByteSource(data), { ...uploadOptions, onProgress: (done, total) => progress.push([done, total]) });
        expect({ size, attempt, last: progress.at(-1) }).toEqual({ size, attempt, last: [size, size] });
        expect(progress.every(([done, total]) => Number.isInteger(done) && total === size && done <= size)).toBe(true);
      }
    }
  });

  it('fails with a clear message and leaves nothing when happiness cannot be met', async () => {
    const data = randomBytes(200_000);
    const small = await makeTestGrid(5, { sizeLimitBytes: (i) => (i < 2 ? 1000 : undefined) });
    try {
      const servers: StorageServer[] = [...small.servers];
      // Fifth server unreachable.
      const broken = small.servers[4];
      servers[4] = Object.assign(Object.create(broken), { getVersion: () => Promise.reject(new Error('connection refused')), serverId: broken.serverId, nickname: broken.nickname });
      const error = await uploadFile(servers, bytesByteSource(data), { ...uploadOptions, encoding: { ...encoding, happy: 4 } }).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(HappinessError);
      expect((error as Error).message).toMatch(
        /^upload failed: shares could be placed on only 2 servers, but happiness 4 is required \(4 of 5 servers were reachable; 2 refused: (?=.*"account-0": full)(?=.*"account-1": full)(?=.*; "account-4": unreachable: connection refused\))/,
      );
      expect((await filesUnder(small.root)).filter((f) => f.includes('/shares/') || f.includes('/incoming/'))).toEqual([]);
    } finally {
      await small.cleanup();
    }
  });

  it('says so when no servers are configured', async () => {
    await expect(uploadFile([], bytesByteSource(randomBytes(1000)), uploadOptions)).rejects.toThrow(/^upload failed: no storage servers are configured/);
  });

  it('carries on when a server fails mid-upload but happiness still holds', async () => {
    const servers: StorageServer[] = [...grid.servers];
    const failing = new FailingServer(grid.servers[3], 200_000);
    servers[3] = failing;
    const data = randomBytes(2 * 1024 * 1024);
    const report = await uploadFile(servers, bytesByteSource(data), uploadOptions);
    expect(report.refused.map((r) => r.nickname)).toEqual(['account-3']);
    expect(report.refused[0].reason).toMatch(/ENOSPC/);
    expect(report.uploaded.map((s) => s.serverId)).not.toContain('server-3');
    expect(report.happiness).toBe(9);
    expect((await grid.servers[3].getBuckets(parseStorageIndex(report.cap))).size).toBe(0);
    expect(await incomingFiles()).toEqual([]);
    expect(Buffer.from(await downloadToBytes(grid.servers, report.cap)).equals(data)).toBe(true);
  });

  it('aborts every bucket when servers failing mid-upload cost happiness (disk full)', async () => {
    const servers: StorageServer[] = grid.servers.map((s, i) => (i < 4 ? new FailingServer(s, 300_000) : s));
    const error = await uploadFile(servers, bytesByteSource(randomBytes(2 * 1024 * 1024)), uploadOptions).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(UploadError);
    expect((error as Error).message).toMatch(/^upload failed: lost \d servers during the upload \(.*ENOSPC.*\), so shares would be on only \d servers but happiness 7 is required/);
    expect(await shareFiles()).toEqual([]);
    expect(await incomingFiles()).toEqual([]);
  });

  it('leaves no share and no upload in progress when a write fails mid-pipeline on a big file (worker hashing, segments in flight)', async () => {
    // 6 MiB hashes on the worker with several segments encoded, hashed and written at once;
    // 6 of 10 servers fail after about 1 MB each, so happiness 7 is lost while blocks are in flight.
    const servers: StorageServer[] = grid.servers.map((s, i) => (i < 6 ? new FailingServer(s, 1_000_000, 'EIO') : s));
    const error = await uploadFile(servers, bytesByteSource(randomBytes(6 * 1024 * 1024)), uploadOptions).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(UploadError);
    expect((error as Error).message).toMatch(/EIO|no space left/);
    expect(await shareFiles()).toEqual([]);
    expect(await incomingFiles()).toEqual([]);
  });

  it('leaves no share when the file cannot be read part-way through encoding', async () => {
    const data = randomBytes(6 * 1024 * 1024);
    let reads = 0;
    const source = bytesByteSource(data);
    const failing = {
      size: data.length,
      async read(offset: number, length: number) {
        // The key pass reads the whole file first; the encoding pass then fails in its third megabyte.
        reads += length;
        if (reads > data.length + 2 * 1024 * 1024) throw Object.assign(new Error('input/output error, read'), { code: 'EIO' });
        return source.read(offset, length);
      },
    };
    const error = await uploadFile(grid.servers, failing, uploadOptions).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(UploadError);
    expect((error as Error).message).toMatch(/^upload failed: input\/output error, read/);
    expect(await shareFiles()).toEqual([]);
    expect(await incomingFiles()).toEqual([]);
  });

  it('cancels on an abort signal and leaves nothing', async () => {
    const controller = new AbortController();
    const data = randomBytes(2 * 1024 * 1024);
    const error = await uploadFile(grid.servers, bytesByteSource(data), {
      ...uploadOptions,
      signal: controller.signal,
      onProgress: (done) => {
        // 30% into the encoding pass (the key pass is the first half).
        if (done > data.length * 0.65) controller.abort();
      },
    }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(UploadCancelledError);
    expect(await shareFiles()).toEqual([]);
    expect(await incomingFiles()).toEqual([]);
  });

  it('uploads from a file and fails clearly when the file changes during upload', async () => {
    const path = join(grid.root, 'input.bin');
    const data = randomBytes(1024 * 1024);
    await writeFile(path, data);
    const source = await fileByteSource(path);
    const report = await uploadFile(grid.servers, source, uploadOptions);
    await source.close();
    expect(Buffer.from(await downloadToBytes(grid.servers, report.cap)).equals(data)).toBe(true);

    // Grows while being read.
    const other = join(grid.root, 'growing.bin');
    await writeFile(other, randomBytes(1024 * 1024));
    const growing = await fileByteSource(other);
    let appended = false;
    const error = await uploadFile(grid.servers, growing, {
      ...uploadOptions,
      onProgress: () => {
        if (!appended) {
          appended = true;
          void appendFile(other, 'more');
        }
      },
    }).catch((e: unknown) => e);
    await growing.close();
    expect(error).toBeInstanceOf(UploadError);
    expect((error as Error).message).toMatch(/growing\.bin changed while it was being read/);
    expect((await shareFiles()).length).toBe(10); // only the first file's shares
    expect(await incomingFiles()).toEqual([]);

    // Same size, new modification time, noticed at the end.
    const touched = join(grid.root, 'touched.bin');
    await writeFile(touched, randomBytes(100_000));
    const touchedSource = await fileByteSource(touched);
    await utimes(touched, new Date(), new Date(Date.now() + 5000));
    await expect(touchedSource.checkUnchanged()).rejects.toBeInstanceOf(FileChangedError);
    await touchedSource.close();
  });

  it('detects a corrupt share on download, reads around it and tells the server', async () => {
    const data = randomBytes(1024 * 1024);
    const report = await uploadFile(grid.servers, bytesByteSource(data), uploadOptions);
    const si = parseStorageIndex(report.cap);
    // Corrupt the first block of the primary shares 0..2, which the decoder reads first, so it must notice.
    const corrupted: number[] = [];
    for (const server of grid.servers) {
      for (const [n, reader] of await server.getBuckets(si)) {
        if (n > 2) continue;
        const path = join(server.root, 'shares', report.storageIndex!.slice(0, 2), report.storageIndex!, String(n));
        const bytes = Buffer.from(await reader.read(0, reader.size));
        bytes[2000] ^= 0xff; // inside block 0 (the share header is 36 bytes)
        await writeFile(path, bytes);
        corrupted.push(n);
      }
    }
    expect(corrupted.sort()).toEqual([0, 1, 2]);
    const reports: string[] = [];
    const out = await downloadToBytes(grid.servers, report.cap, { onCorruptShare: (r) => reports.push(`${r.serverId}:${r.shareNumber}`) });
    expect(Buffer.from(out).equals(data)).toBe(true);
    expect(reports.map((r) => Number(r.split(':')[1])).sort()).toEqual([0, 1, 2]);
    for (const entry of reports) {
      const [serverId, n] = entry.split(':');
      const server = grid.servers.find((s) => s.serverId === serverId)!;
      const advisories = await server.listCorruptionAdvisories();
      expect(advisories.some((a) => a.shareNumber === Number(n) && a.storageIndex === report.storageIndex)).toBe(true);
    }
  });

  it('says clearly when no server has the file', async () => {
    const data = randomBytes(10_000);
    const report = await uploadFile(grid.servers, bytesByteSource(data), uploadOptions);
    const other = await makeTestGrid(4);
    try {
      const error = await downloadToBytes(other.servers, report.cap).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(FileNotFoundInGridError);
      expect((error as Error).message).toMatch(/^no shares of this file were found on any of the 4 servers/);
    } finally {
      await other.cleanup();
    }
    await expect(downloadToBytes(grid.servers, report.verifyCap!)).rejects.toThrow(/verify cap cannot be downloaded/);
    await expect(downloadToBytes(grid.servers, 'URI:CHK:nonsense')).rejects.toThrow();
  });

  it('streams in order', async () => {
    const data = randomBytes(600_000);
    const { cap } = await uploadFile(grid.servers, bytesByteSource(data), uploadOptions);
    let offset = 0;
    for await (const chunk of downloadFile(grid.servers, cap)) {
      expect(Buffer.from(chunk).equals(data.subarray(offset, offset + chunk.length))).toBe(true);
      offset += chunk.length;
    }
    expect(offset).toBe(data.length);
    expect(happinessOf(new Map([['x', [1]]]))).toBe(1);
    await rm(join(grid.root, 'nothing'), { force: true });
  });
});


describe('uploadFile / downloadFile with misbehaving servers', () => {
  it('places shares elsewhere when a server refuses allocation, and says so in the report', async () => {
    const servers: StorageServer[] = [...grid.servers];
    const refusing = grid.servers[5];
    servers[5] = {
      serverId: refusing.serverId,
      nickname: refusing.nickname,
      getVersion: () => refusing.getVersion(),
      getBuckets: (si) => refusing.getBuckets(si),
      adviseCorruptShare: (si, n, r) => refusing.adviseCorruptShare(si, n, r),
      allocateBuckets: async () => {
        throw new Error('quota exceeded for this account');
      },
    };
    const data = randomBytes(300_000);
    const report = await uploadFile(servers, bytesByteSource(data), uploadOptions);
    expect(report.refused).toEqual([{ serverId: 'server-5', nickname: 'account-5', reason: 'quota exceeded for this account' }]);
    expect(report.uploaded.flatMap((s) => s.shareNumbers).sort((a, b) => a - b)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
    expect(report.happiness).toBe(9);
    expect(Buffer.from(await downloadToBytes(grid.servers, report.cap)).equals(data)).toBe(true);
  });

  it('reads a share from another copy when the first copy cannot be read, and reports progress', async () => {
    const data = randomBytes(500_000);
    const report = await uploadFile(grid.servers, bytesByteSource(data), uploadOptions);
    const si = parseStorageIndex(report.cap);
    // Give every server a copy of share 0, then make the first holders' reads fail.
    const holder = grid.servers.find((s) => report.uploaded.find((u) => u.serverId === s.serverId)!.shareNumbers.includes(0))!;
    const share0 = (await holder.getBuckets(si)).get(0)!;
    const bytes = await share0.read(0, share0.size);
    for (const server of grid.servers) {
      if (server === holder) continue;
      const { allocated } = await server.allocateBuckets({
        storageIndex: si, renewSecret: new Uint8Array(32), cancelSecret: new Uint8Array(32), uploadSecret: new Uint8Array(32), shareNumbers: [0], allocatedSize: bytes.length,
      });
      await allocated.get(0)!.write(0, bytes);
      await allocated.get(0)!.close();
    }
    let failedReads = 0;
    // Share 0 is readable only from the last server in this file's permuted order.
    const lastInOrder = permuteServers(grid.servers, si).at(-1)!;
    const flaky: StorageServer[] = grid.servers.map((server) =>
      server === lastInOrder
        ? server
        : {
            serverId: server.serverId,
            nickname: server.nickname,
            getVersion: () => server.getVersion(),
            allocateBuckets: (r) => server.allocateBuckets(r),
            adviseCorruptShare: (s, n, r) => server.adviseCorruptShare(s, n, r),
            getBuckets: async (s) => {
              const buckets = await server.getBuckets(s);
              return new Map(
                [...buckets].map(([n, reader]) => [
                  n,
                  n !== 0
                    ? reader
                    : { shareNumber: n, size: reader.size, read: async () => { failedReads++; throw new Error('connection reset'); } },
                ]),
              );
            },
          },
    );
    const progress: number[] = [];
    const out = await downloadToBytes(flaky, report.cap, { onProgress: (done, total) => { expect(total).toBe(data.length); progress.push(done); } });
    expect(Buffer.from(out).equals(data)).toBe(true);
    expect(failedReads).toBe(9); // one failed read per dead copy, then the copy that works
    expect(progress.at(-1)).toBe(data.length);
    expect(progress).toEqual([...progress].sort((a, b) => a - b));
  });
});

function parseStorageIndex(cap: string): Uint8Array {
  const parsed = parseCap(cap);
  if (parsed.kind !== 'CHK') throw new Error('expected a CHK cap');
  return storageIndexOfCap(parsed);
}

import { storageIndexOf as storageIndexOfCap } from '../chk';
