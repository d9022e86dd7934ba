import { randomBytes } from 'node:crypto';
import { beforeEach, describe, expect, it } from 'vitest';
import {
  computeConvergentKey,
  CorruptShareError,
  downloadChk,
  encodeChk,
  MemoryShareStore,
  NotEnoughSharesError,
  planEncoding,
  toVerifyCap,
  verifyShare,
  type ChkReadCap,
  type ShareSource,
} from './index';
import { planSegments } from './segmentation';
import { shareLayoutFor } from './share-layout';

const data = randomBytes(5000);
const params = { needed: 3, total: 6, happy: 1, maxSegmentSize: 1000 };
// 1002-byte segments: 5 segments, 334-byte blocks, a 331-byte tail block.
const segments = planSegments(data.length, params.needed, params.total, params.maxSegmentSize);
const layout = shareLayoutFor(segments);

async function freshShares() {
  const source = { size: data.length, read: async (o: number, l: number) => data.subarray(o, o + l) };
  const key = await computeConvergentKey(source, params, new Uint8Array(16));
  const plan = planEncoding(key, params, data.length);
  const store = new MemoryShareStore(plan.shareSize);
  const { readCap } = await encodeChk(plan, source, store);
  return { store, readCap, plan };
}

let hashInWorker = false;
/** Sources that also fill caller buffers, so the worker-hashed download reads blocks into its reused shared memory. */
let withReadInto = false;

function readingInto(source: ShareSource): ShareSource {
  return {
    shareNumber: source.shareNumber,
    read: (offset, length) => source.read(offset, length),
    readInto: async (offset, target) => {
      const bytes = await source.read(offset, target.length);
      target.set(bytes);
      return bytes.length;
    },
  };
}

async function download(cap: ChkReadCap, plainSources: ShareSource[]) {
  const sources = withReadInto ? plainSources.map(readingInto) : plainSources;
  const corrupt: CorruptShareError[] = [];
  const unavailable: number[] = [];
  const parts: Uint8Array[] = [];
  for await (const part of downloadChk(cap, sources, {
    hashInWorker,
    onCorruptShare: (error) => corrupt.push(error),
    onShareUnavailable: (n) => unavailable.push(n),
  })) {
    parts.push(part);
  }
  return { out: Buffer.concat(parts), corrupt, unavailable };
}

function flip(store: MemoryShareStore, shareNumber: number, offset: number): void {
  store.bytes(shareNumber)[offset] ^= 0x01;
}

const ueb = layout.offsets.uriExtension + layout.lengthFieldSize;
const corruptions: [string, number, RegExp][] = [
  ['a byte of block 2', layout.offsets.data + 2 * segments.blockSize + 17, /block 2 does not match/],
  ['the first byte of the tail block', layout.offsets.data + 4 * segments.blockSize, /block 4 does not match/],
  ['a block hash tree leaf', layout.offsets.blockHashes + 32 * 8 + 3, /block hash tree/],
  ['the block hash tree root', layout.offsets.blockHashes, /block hash tree|share hash tree/],
  ['an internal block hash tree node', layout.offsets.blockHashes + 32 * 2 + 31, /block hash tree/],
  ['a crypttext hash tree node', layout.offsets.crypttextHashTree + 32 * 5, /crypttext hash tree/],
  ['a share hash chain hash', layout.offsets.shareHashes + 2 + 5, /share hash tree/],
  ['a share hash chain node number', layout.offsets.shareHashes + 1, /share hash/],
  ['the URI extension block', ueb + 20, /URI extension block/],
  ['the URI extension length', layout.offsets.uriExtension + 3, /URI extension|truncated/],
  ['the share version', 3, /unknown share version/],
  ['a header offset', 0x14 + 3, /header offset/],
];

describe.each([
  [false, false],
  [true, false],
  [true, true],
])('corrupt shares are reported and replaced, never decoded (hash worker: %s, blocks read into reused memory: %s)', (useWorker, useReadInto) => {
  beforeEach(() => {
    hashInWorker = useWorker;
    withReadInto = useReadInto;
  });
  it.each(corruptions)('%s of share 0', async (_what, offset, reason) => {
    const { store, readCap } = await freshShares();
    flip(store, 0, offset);
    const { out, corrupt } = await download(readCap, store.sources());
    expect(out.equals(data)).toBe(true);
    expect(corrupt.map((e) => e.shareNumber)).toEqual([0]);
    expect(corrupt[0]).toBeInstanceOf(CorruptShareError);
    expect(corrupt[0].reason).toMatch(reason);

    const verdict = await verifyShare(toVerifyCap(readCap), store.source(0));
    expect(verdict.ok).toBe(false);
    expect(verdict.problem).toMatch(reason);
  });

  it('a corrupt UEB copy in a share opened beside the first is caught against the cap', async () => {
    // The first k shares are opened together, each checking its own UEB against the cap's hash.
    const { store, readCap } = await freshShares();
    flip(store, 1, ueb + 30);
    const { out, corrupt } = await download(readCap, store.sources());
    expect(out.equals(data)).toBe(true);
    expect(corrupt.map((e) => [e.shareNumber, e.reason])).toEqual([[1, 'URI extension block does not match the hash in the cap']]);
  });

  it('a corrupt UEB copy in a share opened after the first ones is caught against the known UEB', async () => {
    // Share 0's bad header drops it, so share 3 (the first non-primary) is opened once the UEB is known.
    const { store, readCap } = await freshShares();
    flip(store, 0, 0x14 + 3);
    flip(store, 3, ueb + 30);
    const { out, corrupt } = await download(readCap, store.sources());
    expect(out.equals(data)).toBe(true);
    expect(corrupt.map((e) => e.shareNumber)).toEqual([0, 3]);
    expect(corrupt[1].reason).toBe('URI extension block differs from the one the cap vouches for');
  });

  it('truncated shares are corrupt, wherever they are cut', async () => {
    for (const cut of [10, layout.offsets.data + 500, layout.offsets.blockHashes + 7, 40]) {
      const { store, readCap } = await freshShares();
      store.replace(2, store.bytes(2).slice(0, store.bytes(2).length - cut));
      const { out, corrupt } = await download(readCap, store.sources());
      expect(out.equals(data)).toBe(true);
      expect(corrupt.map((e) => e.shareNumber)).toEqual([2]);
      expect(corrupt[0].reason).toMatch(/truncated/);
      expect((await verifyShare(toVerifyCap(readCap), store.source(2))).problem).toMatch(/truncated/);
    }
  });

  it('a share presented under the wrong share number fails the share hash tree', async () => {
    const { store, readCap } = await freshShares();
    const impostor: ShareSource = { shareNumber: 1, read: store.source(4).read };
    const { out, corrupt } = await download(readCap, [impostor, ...store.sources([0, 2, 3])]);
    expect(out.equals(data)).toBe(true);
    expect(corrupt.map((e) => e.shareNumber)).toEqual([1]);
    expect(corrupt[0].reason).toMatch(/share hash tree/);
  });

  it('a corrupt block in a parity share is caught when decoding from parity shares', async () => {
    const { store, readCap } = await freshShares();
    flip(store, 4, layout.offsets.data + 3 * segments.blockSize);
    const { out, corrupt } = await download(readCap, store.sources([3, 4, 5, 1]));
    expect(out.equals(data)).toBe(true);
    expect(corrupt.map((e) => e.shareNumber)).toEqual([4]);
  });

  it('a second copy of the same share number replaces a corrupt first copy', async () => {
    const { store, readCap } = await freshShares();
    const pristine = Uint8Array.from(store.bytes(0));
    flip(store, 0, layout.offsets.data + 10);
    const copy: ShareSource = { shareNumber: 0, read: async (o, l) => pristine.subarray(o, o + l) };
    const { out, corrupt } = await download(readCap, [store.source(0), copy, store.source(1), store.source(2)]);
    expect(out.equals(data)).toBe(true);
    expect(corrupt.map((e) => e.shareNumber)).toEqual([0]);
  });

  it('unreadable shares are reported as unavailable, not corrupt, and replaced', async () => {
    const { store, readCap } = await freshShares();
    const down: ShareSource = { shareNumber: 0, read: async () => { throw new Error('connection refused'); } };
    const { out, corrupt, unavailable } = await download(readCap, [down, ...store.sources([1, 2, 3])]);
    expect(out.equals(data)).toBe(true);
    expect(corrupt).toEqual([]);
    expect(unavailable).toEqual([0]);
  });

  it('a share that fails only later, mid-download, is replaced for the remaining segments', async () => {
    const { store, readCap } = await freshShares();
    let reads = 0;
    const flaky: ShareSource = {
      shareNumber: 1,
      read: async (o, l) => {
        if (++reads > 5) throw new Error('server went away');
        return store.source(1).read(o, l);
      },
    };
    const { out, unavailable } = await download(readCap, [store.source(0), flaky, ...store.sources([2, 5])]);
    expect(out.equals(data)).toBe(true);
    expect(unavailable).toEqual([1]);
  });
});

describe.each([
  [false, false],
  [true, true],
])('bad blocks are distrusted per segment, not per share (hash worker: %s, blocks read into reused memory: %s)', (useWorker, useReadInto) => {
  beforeEach(() => {
    hashInWorker = useWorker;
    withReadInto = useReadInto;
  });
  const blockAt = (segment: number) => layout.offsets.data + segment * segments.blockSize + 5;

  it('reads a file whose every segment keeps 3 good blocks, though 4 of 6 shares have a bad block', async () => {
    const { store, readCap } = await freshShares();
    [0, 1, 2, 3].forEach((n) => flip(store, n, blockAt(n)));
    const { out, corrupt } = await download(readCap, store.sources());
    expect(out.equals(data)).toBe(true);
    // Each damaged share read is reported once, naming its bad block (share 3's may never be needed).
    expect(corrupt.length).toBeGreaterThanOrEqual(3);
    for (const e of corrupt) expect(e.reason).toBe(`block ${e.shareNumber} does not match its hash in the block hash tree`);
    expect(new Set(corrupt.map((e) => e.shareNumber)).size).toBe(corrupt.length);
  });

  it('keeps using a share for its good blocks: 3 shares plus one spare, each of the first three with a bad block', async () => {
    const { store, readCap } = await freshShares();
    [0, 1, 2].forEach((n) => flip(store, n, blockAt(n + 1)));
    const { out } = await download(readCap, store.sources([0, 1, 2, 5]));
    expect(out.equals(data)).toBe(true);
  });

  it('takes a good block from a second copy of the same share number', async () => {
    const { store, readCap } = await freshShares();
    const pristine = Uint8Array.from(store.bytes(0));
    flip(store, 0, blockAt(1));
    flip(store, 0, blockAt(3));
    const copy: ShareSource = { shareNumber: 0, read: async (o, l) => pristine.subarray(o, o + l) };
    // Only share numbers 0, 1 and 2 are given: segments 1 and 3 need the second copy of share 0.
    const { out, corrupt } = await download(readCap, [store.source(0), store.source(1), store.source(2), copy]);
    expect(out.equals(data)).toBe(true);
    expect(corrupt.map((e) => e.shareNumber)).toEqual([0]);
  });

  it('verifyShare lists every bad block of a share', async () => {
    const { store, readCap } = await freshShares();
    flip(store, 2, blockAt(0));
    flip(store, 2, blockAt(4));
    expect(await verifyShare(toVerifyCap(readCap), store.source(2))).toEqual({
      shareNumber: 2,
      ok: false,
      problem: '2 of 5 blocks do not match their hashes in the block hash tree (blocks 0, 4)',
      badBlocks: [0, 4],
      segmentCount: 5,
    });
  });
});

describe('not enough shares', () => {
  it('says how many good shares it found and how many it needs', async () => {
    const { store, readCap } = await freshShares();
    const attempt = download(readCap, store.sources([0, 4]));
    await expect(attempt).rejects.toThrow(NotEnoughSharesError);
    await expect(attempt).rejects.toThrow('found 2 good shares, need 3');
  });

  it('counts corrupt shares in the message', async () => {
    const { store, readCap } = await freshShares();
    for (const n of [0, 1, 2, 3]) flip(store, n, layout.offsets.data + 2 * segments.blockSize);
    const error = await download(readCap, store.sources()).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(NotEnoughSharesError);
    expect((error as NotEnoughSharesError).goodShares).toBe(2);
    // Only segment 2 is short (its block is bad in four shares); the message names it.
    expect((error as NotEnoughSharesError).segment).toBe(2);
    expect((error as Error).message).toBe('not enough good blocks to read segment 2 of the file: found 2 shares with a good block there, need 3 (4 corrupt)');
  });

  it('fails cleanly with no shares at all', async () => {
    const { readCap } = await freshShares();
    await expect(download(readCap, [])).rejects.toThrow('found 0 good shares, need 3');
  });

  it('rejects shares of a different file (UEB hash mismatch)', async () => {
    const { store } = await freshShares();
    const other = await freshShares();
    const wrongCap = { ...other.readCap, uebHash: new Uint8Array(32).fill(9) };
    await expect(download(wrongCap, store.sources())).rejects.toThrow('found 0 good shares, need 3 (6 corrupt)');
  });
});

describe('verifyShare', () => {
  it('accepts every share of a good upload', async () => {
    const { store, readCap } = await freshShares();
    for (const n of store.shareNumbers()) {
      expect(await verifyShare(toVerifyCap(readCap), store.source(n))).toEqual({ shareNumber: n, ok: true });
    }
  });

  it('finds a corrupt block that a partial download would never touch', async () => {
    const { store, readCap } = await freshShares();
    flip(store, 5, layout.offsets.data + 4 * segments.blockSize + 100);
    expect(await verifyShare(toVerifyCap(readCap), store.source(5))).toEqual({
      shareNumber: 5,
      ok: false,
      problem: 'block 4 does not match its hash in the block hash tree',
      badBlocks: [4],
      segmentCount: 5,
    });
  });

  it('reports an unreadable share as not ok, saying the read failed', async () => {
    const { readCap } = await freshShares();
    const verdict = await verifyShare(toVerifyCap(readCap), { shareNumber: 0, read: async () => { throw new Error('timeout'); } });
    expect(verdict.ok).toBe(false);
    expect(verdict.problem).toMatch(/failed: timeout/);
  });
});

describe('a dishonest uploader', () => {
  it('is caught by the crypttext hash tree even when every share is self-consistent', async () => {
    // Shares of file B, re-labelled with the crypttext hash tree of file A (same size, same key):
    // every block, block tree and share hash checks out, but the ciphertext is not what the UEB vouches for.
    const { encodeUriExtension, parseUriExtension } = await import('./uri-extension');
    const { uriExtensionHash } = await import('./tagged-hash');
    const { IntegrityError } = await import('./errors');
    const key = new Uint8Array(16).fill(5);
    const encode = async (bytes: Uint8Array) => {
      const plan = planEncoding(key, params, bytes.length);
      const store = new MemoryShareStore(plan.shareSize);
      await encodeChk(plan, { size: bytes.length, read: async (o, l) => bytes.subarray(o, o + l) }, store);
      return store;
    };
    const storeA = await encode(data);
    const storeB = await encode(randomBytes(data.length));
    const uebAt = layout.offsets.uriExtension + layout.lengthFieldSize;
    const uebA = parseUriExtension(storeA.bytes(0).subarray(uebAt));
    const mixed = parseUriExtension(storeB.bytes(0).subarray(uebAt));
    mixed.crypttextRootHash = uebA.crypttextRootHash;
    mixed.crypttextHash = uebA.crypttextHash;
    const mixedBytes = encodeUriExtension(mixed);
    for (const n of storeB.shareNumbers()) {
      const share = storeB.bytes(n);
      share.set(storeA.bytes(n).subarray(layout.offsets.crypttextHashTree, layout.offsets.blockHashes), layout.offsets.crypttextHashTree);
      share.set(mixedBytes, uebAt);
    }
    const cap: ChkReadCap = { kind: 'CHK', key, uebHash: uriExtensionHash(mixedBytes), needed: 3, total: 6, size: data.length };
    const attempt = download(cap, storeB.sources());
    await expect(attempt).rejects.toBeInstanceOf(IntegrityError);
    await expect(attempt).rejects.toThrow(/segment 0 decodes to ciphertext that does not match the crypttext hash tree/);
    // Each share on its own is intact: the verifier cannot see the lie, only a decode can.
    expect((await verifyShare(toVerifyCap(cap), storeB.source(3))).ok).toBe(true);
  });
});
