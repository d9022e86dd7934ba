import { createHash, randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import {
  computeConvergentKey,
  CorruptShareError,
  downloadChk,
  encodeChk,
  MemoryShareStore,
  planEncoding,
  type ByteSource,
  type ChkReadCap,
  type DownloadOptions,
  type EncodingParams,
  type ShareSource,
} from './index';

function memorySource(data: Uint8Array): ByteSource {
  return { size: data.length, read: async (offset, length) => data.subarray(offset, offset + length) };
}

async function collect(iterable: AsyncIterable<Uint8Array>): Promise<Buffer> {
  const parts: Uint8Array[] = [];
  for await (const part of iterable) parts.push(part);
  return Buffer.concat(parts);
}

async function encodeToMemory(data: Uint8Array, params: EncodingParams) {
  const source = memorySource(data);
  const key = await computeConvergentKey(source, params, new Uint8Array(16).fill(7));
  const plan = planEncoding(key, params, data.length);
  const store = new MemoryShareStore(plan.shareSize);
  const result = await encodeChk(plan, source, store);
  return { plan, store, ...result };
}

function subsets<T>(items: readonly T[], size: number): T[][] {
  if (size === 0) return [[]];
  if (items.length < size) return [];
  const [first, ...rest] = items;
  return [...subsets(rest, size - 1).map((s) => [first, ...s]), ...subsets(rest, size)];
}

async function download(cap: ChkReadCap, sources: ShareSource[], options: DownloadOptions = {}) {
  const corrupt: CorruptShareError[] = [];
  const unavailable: number[] = [];
  const data = await collect(
    downloadChk(cap, sources, {
      ...options,
      onCorruptShare: (error) => corrupt.push(error),
      onShareUnavailable: (shareNumber) => unavailable.push(shareNumber),
    }),
  );
  return { data, corrupt, unavailable };
}

describe('encode then download', () => {
  // Segment size 1000 with odd file sizes: several segments, a short padded tail, k not dividing anything.
  const cases: [number, number, number][] = [
    [1, 1, 4321],
    [1, 3, 2500],
    [2, 3, 3001],
    [3, 5, 3001],
    [3, 10, 2999],
    [5, 7, 1000],
  ];
  it.each(cases)('%i-of-%i, %i bytes: every k-subset of shares gives back the plaintext', async (needed, total, size) => {
    const data = randomBytes(size);
    const params = { needed, total, happy: 1, maxSegmentSize: 1000 };
    const { store, readCap, plan } = await encodeToMemory(data, params);
    expect(store.shareNumbers()).toEqual(Array.from({ length: total }, (_, i) => i));
    for (const n of store.shareNumbers()) expect(store.bytes(n).length).toBe(plan.shareSize);
    for (const subset of subsets(store.shareNumbers(), needed)) {
      const { data: out, corrupt } = await download(readCap, store.sources(subset));
      expect(corrupt).toEqual([]);
      expect(out.equals(data), `shares ${subset}`).toBe(true);
    }
  });

  it.each([false, true])('downloads the same bytes with worker hashing %s, from primary and parity shares', async (hashInWorker) => {
    const data = randomBytes(40_000);
    const { store, readCap } = await encodeToMemory(data, { needed: 3, total: 10, happy: 1, maxSegmentSize: 4096 });
    for (const shares of [[0, 1, 2], [9, 5, 7], [1, 8, 2]]) {
      const { data: out } = await download(readCap, store.sources(shares), { hashInWorker });
      expect(out.equals(data)).toBe(true);
      const { data: part } = await download(readCap, store.sources(shares), { hashInWorker, offset: 4000, length: 9000 });
      expect(part.equals(data.subarray(4000, 13_000))).toBe(true);
    }
    // The store's shares were only read (the worker hashes copies): a second download still works.
    const { data: again } = await download(readCap, store.sources(), { hashInWorker });
    expect(again.equals(data)).toBe(true);
  });

  it('decodes from parity shares only (3-of-10, shares 7, 8, 9)', async () => {
    const data = randomBytes(10_000);
    const { store, readCap } = await encodeToMemory(data, { needed: 3, total: 10, happy: 1, maxSegmentSize: 999 });
    const { data: out } = await download(readCap, store.sources([9, 8, 7]));
    expect(out.equals(data)).toBe(true);
  });

  it('handles a single-segment file and a file exactly a multiple of the segment size', async () => {
    for (const size of [56, 3000]) {
      const data = randomBytes(size);
      const { store, readCap } = await encodeToMemory(data, { needed: 3, total: 4, happy: 1, maxSegmentSize: 1000 });
      const { data: out } = await download(readCap, store.sources([3, 1, 2]));
      expect(out.equals(data)).toBe(true);
    }
  });

  it('writes only the requested shares, byte-identical to a full encode, and every byte of them', async () => {
    const data = randomBytes(5000);
    const params = { needed: 3, total: 6, happy: 1, maxSegmentSize: 1024 };
    const full = await encodeToMemory(data, params);
    const partial = new MemoryShareStore(full.plan.shareSize);
    const coverage = new Map<number, Uint8Array>();
    const sink = {
      write: async (n: number, offset: number, bytes: Uint8Array) => {
        const seen = coverage.get(n) ?? new Uint8Array(full.plan.shareSize);
        seen.fill(1, offset, offset + bytes.length);
        coverage.set(n, seen);
        await partial.write(n, offset, bytes);
      },
    };
    const result = await encodeChk(full.plan, memorySource(data), sink, { shareNumbers: [4, 1] });
    expect(result.readCap).toEqual(full.readCap);
    expect(partial.shareNumbers()).toEqual([1, 4]);
    for (const n of [1, 4]) {
      expect(Buffer.from(partial.bytes(n)).equals(Buffer.from(full.store.bytes(n)))).toBe(true);
      expect(coverage.get(n)!.every((b) => b === 1)).toBe(true);
    }
  });

  it('hashes identically on the worker thread and inline', async () => {
    const data = randomBytes(50_000);
    const params = { needed: 3, total: 7, happy: 1, maxSegmentSize: 4096 };
    const key = new Uint8Array(16).fill(3);
    const plan = planEncoding(key, params, data.length);
    const stores = [new MemoryShareStore(plan.shareSize), new MemoryShareStore(plan.shareSize)];
    const [inWorker, inline] = await Promise.all([
      encodeChk(plan, memorySource(data), stores[0], { hashInWorker: true }),
      encodeChk(plan, memorySource(data), stores[1], { hashInWorker: false }),
    ]);
    expect(inWorker.readCap).toEqual(inline.readCap);
    for (const n of stores[0].shareNumbers()) expect(Buffer.from(stores[0].bytes(n)).equals(Buffer.from(stores[1].bytes(n)))).toBe(true);
    const { data: out } = await download(inWorker.readCap, stores[0].sources([6, 0, 4]));
    expect(out.equals(data)).toBe(true);
  });

  it('is deterministic: the same plaintext and parameters give the same shares', async () => {
    const data = randomBytes(4000);
    const params = { needed: 2, total: 4, happy: 1, maxSegmentSize: 1000 };
    const a = await encodeToMemory(data, params);
    const b = await encodeToMemory(data, params);
    expect(a.readCap).toEqual(b.readCap);
    for (const n of a.store.shareNumbers()) expect(Buffer.from(a.store.bytes(n)).equals(Buffer.from(b.store.bytes(n)))).toBe(true);
  });

  it('lays shares out byte for byte as before (SHA-256 of all shares, taken from the encoder that wrote each area separately)', async () => {
    // A file of one segment is now laid out whole in one buffer per share; caps pin only the hashes, this pins every byte.
    const cases: [number, number, number, number, string][] = [
      [100000, 2, 3, 131072, '37cc6fab17f4a6e14b64de8cfdea3a19731af859924b09703232e9dc6b873c75'],
      [56, 1, 1, 131072, 'bcb8309ef7f19d87a37f3b0d02645a01e717aba2b80a0135ce4179ef4a169f39'],
      [1000, 3, 10, 131072, '4263fff7c934bdc48a588e8f613959a7741914994642fe5350ab4e810570fc93'],
      [70001, 3, 7, 131072, 'b8a75033e0f028a4bf5483aad9ce01b2489db38468752cb52233c6ac51547685'],
      [4000, 2, 4, 1000, '13a0df80cab57e4147d44a54a9e46bec3c61194323b87899056d05fe4badc867'],
    ];
    for (const [size, needed, total, maxSegmentSize, expected] of cases) {
      const data = Buffer.alloc(size);
      for (let i = 0; i < size; i++) data[i] = (i * 7 + (i >> 8)) & 0xff;
      const params = { needed, total, happy: 1, maxSegmentSize };
      const source = memorySource(data);
      const key = await computeConvergentKey(source, params, new Uint8Array(32).fill(3));
      const plan = planEncoding(key, params, size);
      for (const hashInWorker of [false, true]) {
        const store = new MemoryShareStore(plan.shareSize);
        await encodeChk(plan, source, store, { hashInWorker });
        const digest = createHash('sha256');
        for (const n of store.shareNumbers()) digest.update(store.bytes(n));
        expect(digest.digest('hex')).toBe(expected);
      }
    }
  });

  it('encodes from views of a source held in memory the same shares as from copies, and leaves the source unchanged', async () => {
    for (const [size, maxSegmentSize] of [[100_000, 131072], [4000, 1000]] as const) {
      const data = randomBytes(size);
      const params = { needed: 2, total: 3, happy: 1, maxSegmentSize };
      const copies = await encodeToMemory(data, params);
      const kept = Buffer.from(data);
      const views: ByteSource = {
        size,
        read: async () => {
          throw new Error('read() must not be used when view() is there');
        },
        view: async (offset, length) => data.subarray(offset, offset + length),
      };
      const key = await computeConvergentKey(views, params, new Uint8Array(16).fill(7));
      const plan = planEncoding(key, params, size);
      const store = new MemoryShareStore(plan.shareSize);
      const result = await encodeChk(plan, views, store);
      expect(result.readCap).toEqual(copies.readCap);
      for (const n of copies.store.shareNumbers()) expect(Buffer.from(store.bytes(n)).equals(Buffer.from(copies.store.bytes(n)))).toBe(true);
      expect(kept.equals(data)).toBe(true);
    }
  });
});

describe('byte ranges', () => {
  const data = randomBytes(10_007);
  const params = { needed: 3, total: 5, happy: 1, maxSegmentSize: 1000 };
  const encoded = encodeToMemory(data, params);
  const segmentSize = 1002; // 1000 rounded up to a multiple of 3

  const ranges: [string, number, number][] = [
    ['first byte', 0, 1],
    ['last byte', data.length - 1, 1],
    ['across one segment boundary', segmentSize - 5, 10],
    ['across several segments', 1500, 5000],
    ['exactly one middle segment', 2 * segmentSize, segmentSize],
    ['inside the tail segment', 9 * segmentSize + 3, 4],
    ['to the end', 7777, data.length - 7777],
    ['length past the end is clipped', 10_000, 100],
    ['empty', 500, 0],
    ['empty at the end', data.length, 0],
  ];
  it.each(ranges)('%s', async (_name, offset, length) => {
    const { store, readCap } = await encoded;
    const reads: number[] = [];
    const counting = store.sources().map((source) => ({
      shareNumber: source.shareNumber,
      read: (o: number, l: number) => {
        reads.push(l);
        return source.read(o, l);
      },
    }));
    const { data: out } = await download(readCap, counting, { offset, length });
    expect(out.equals(data.subarray(offset, Math.min(offset + length, data.length)))).toBe(true);
    // Only the segments covering the range are fetched: 3 blocks of 334 bytes each per segment.
    const blockReads = reads.filter((l) => l === segmentSize / 3).length;
    const wantedSegments = length === 0 ? 0 : Math.floor((Math.min(offset + length, data.length) - 1) / segmentSize) - Math.floor(offset / segmentSize) + 1;
    const tailInRange = length > 0 && offset + length > 9 * segmentSize; // 10 segments, the tail starts at 9 * 1002
    expect(blockReads).toBe((wantedSegments - (tailInRange ? 1 : 0)) * 3);
  });

  it('rejects an offset beyond the file', async () => {
    const { store, readCap } = await encoded;
    await expect(collect(downloadChk(readCap, store.sources(), { offset: data.length + 1 }))).rejects.toThrow(RangeError);
  });
});

describe('share layout version 2', () => {
  it('downloads and verifies shares rewritten in the v2 layout (8-byte offsets), as Tahoe-LAFS writes for huge files', async () => {
    const { planSegments } = await import('./segmentation');
    const { encodeLengthField, encodeShareHeader, shareLayoutFor } = await import('./share-layout');
    const { toVerifyCap, verifyShare } = await import('./index');
    const data = randomBytes(7000);
    const params = { needed: 2, total: 4, happy: 1, maxSegmentSize: 1000 };
    const { store, readCap } = await encodeToMemory(data, params);
    const segments = planSegments(data.length, 2, 4, 1000);
    const v1 = shareLayoutFor(segments, 1);
    const v2 = shareLayoutFor(segments, 2);
    for (const n of store.shareNumbers()) {
      const old = store.bytes(n);
      const ueb = old.subarray(v1.offsets.uriExtension + 4);
      store.replace(
        n,
        Buffer.concat([
          encodeShareHeader(v2),
          old.subarray(v1.offsets.data, v1.offsets.uriExtension),
          encodeLengthField(ueb.length, v2),
          ueb,
        ]),
      );
    }
    expect(store.bytes(0)[3]).toBe(2);
    const { data: out, corrupt } = await download(readCap, store.sources([3, 0]));
    expect(corrupt).toEqual([]);
    expect(out.equals(data)).toBe(true);
    expect(await verifyShare(toVerifyCap(readCap), store.source(1))).toEqual({ shareNumber: 1, ok: true });
  });
});

describe('encoder failures', () => {
  it('propagates a failing share write and a failing plaintext read', async () => {
    const data = randomBytes(20_000);
    const params = { needed: 2, total: 3, happy: 1, maxSegmentSize: 1000 };
    const plan = planEncoding(new Uint8Array(16), params, data.length);
    let writes = 0;
    const failingSink = {
      write: async () => {
        if (++writes === 40) throw new Error('disk full');
      },
    };
    await expect(encodeChk(plan, memorySource(data), failingSink)).rejects.toThrow('disk full');
    const failingSource: ByteSource = {
      size: data.length,
      read: async (offset, length) => {
        if (offset >= 5000) throw new Error('file vanished');
        return data.subarray(offset, offset + length);
      },
    };
    await expect(encodeChk(plan, failingSource, new MemoryShareStore(plan.shareSize))).rejects.toThrow('file vanished');
  });

  it('rejects a plaintext source whose size differs from the plan', async () => {
    const plan = planEncoding(new Uint8Array(16), { needed: 1, total: 1, happy: 1, maxSegmentSize: 100 }, 500);
    await expect(encodeChk(plan, memorySource(new Uint8Array(499)), new MemoryShareStore(plan.shareSize))).rejects.toThrow(/499 bytes but the plan is for 500/);
  });

  it('planEncoding refuses empty files and bad parameters', () => {
    const key = new Uint8Array(16);
    expect(() => planEncoding(key, { needed: 3, total: 10, happy: 7, maxSegmentSize: 1 << 20 }, 0)).toThrow(/literal cap/);
    expect(() => planEncoding(key, { needed: 0, total: 10, happy: 7, maxSegmentSize: 1 << 20 }, 100)).toThrow(/needed shares 0/);
    expect(() => planEncoding(key, { needed: 3, total: 2, happy: 1, maxSegmentSize: 1 << 20 }, 100)).toThrow(/total shares 2/);
    expect(() => planEncoding(key, { needed: 3, total: 10, happy: 11, maxSegmentSize: 1 << 20 }, 100)).toThrow(/happiness 11/);
    expect(() => planEncoding(new Uint8Array(15), { needed: 3, total: 10, happy: 7, maxSegmentSize: 1 << 20 }, 100)).toThrow(/16 bytes/);
  });
});
