import { createCipheriv, randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { CtrStream } from './aes-ctr';
import { buildHashTree, checkCompleteTree, checkLeafAgainstRoot, emptyLeafHash, neededHashes, pairHash } from './hash-tree';
import { netstring } from './netstring';
import { effectiveSegmentSize, planSegments } from './segmentation';
import {
  encodeShareHashes,
  encodeShareHeader,
  headerMismatch,
  parseShareHashes,
  parseShareHeader,
  shareHashCount,
  shareLayoutFor,
} from './share-layout';
import { blockHash, taggedHash, TaggedHasher, taggedPairHash } from './tagged-hash';
import { encodeUriExtension, parseUriExtension, uriExtensionFor, UriExtensionError } from './uri-extension';

const text = (s: string) => new TextEncoder().encode(s);
const leaf = (i: number) => blockHash(text(`block ${i}`));

describe('netstring and tagged hashes', () => {
  it('frames values as <length>:<bytes>,', () => {
    expect(Buffer.from(netstring('abc')).toString()).toBe('3:abc,');
    expect(Buffer.from(netstring(new Uint8Array(0))).toString()).toBe('0:,');
  });

  it('is SHA-256d over netstring(tag) + data', async () => {
    const { createHash } = await import('node:crypto');
    const inner = createHash('sha256').update('3:tag,').update('data').digest();
    const expected = createHash('sha256').update(inner).digest();
    expect(Buffer.from(taggedHash('tag', text('data'))).equals(expected)).toBe(true);
    expect(taggedHash('tag', text('data'), 16)).toEqual(new Uint8Array(expected.subarray(0, 16)));
  });

  it('gives the same hash on the one-shot path (short inputs) and the incremental one (long inputs)', async () => {
    const { createHash } = await import('node:crypto');
    const reference = (tag: string, data: Uint8Array) =>
      new Uint8Array(createHash('sha256').update(createHash('sha256').update(netstring(tag)).update(data).digest()).digest());
    for (const size of [0, 1, 32, 4095, 4096, 4097, 50_000]) {
      const data = randomBytes(size);
      expect(taggedHash('some tag', data)).toEqual(reference('some tag', data));
      expect(new TaggedHasher('some tag').update(data.subarray(0, size >> 1)).update(data.subarray(size >> 1)).digest()).toEqual(reference('some tag', data));
    }
    const [left, right] = [randomBytes(32), randomBytes(7)];
    expect(taggedPairHash('pair', left, right)).toEqual(reference('pair', Buffer.concat([netstring(left), netstring(right)])));
  });
});

describe('hash tree', () => {
  it('pads the leaf row to a power of two with position-tagged empty leaves', () => {
    const tree = buildHashTree([leaf(0), leaf(1), leaf(2)]);
    expect(tree).toHaveLength(7);
    expect(tree[6]).toEqual(emptyLeafHash(3));
    expect(tree[1]).toEqual(pairHash(leaf(0), leaf(1)));
    expect(tree[2]).toEqual(pairHash(leaf(2), emptyLeafHash(3)));
    expect(tree[0]).toEqual(pairHash(tree[1], tree[2]));
  });

  it('hands out empty-leaf hashes the caller may change without changing the next ones', () => {
    const expected = taggedHash('Merkle tree empty leaf', text('3'));
    emptyLeafHash(3).fill(0);
    expect(emptyLeafHash(3)).toEqual(expected);
    expect(buildHashTree([leaf(0), leaf(1), leaf(2)])[6]).toEqual(expected);
  });

  it('a one-leaf tree is just the leaf', () => {
    expect(buildHashTree([leaf(0)])).toEqual([leaf(0)]);
  });

  it('names the sibling chain a reader needs (hashtree.py numbering)', () => {
    expect(neededHashes(8, 0, false)).toEqual([2, 4, 8]);
    expect(neededHashes(8, 0, true)).toEqual([2, 4, 7, 8]);
    expect(neededHashes(10, 9, true)).toEqual([1, 6, 12, 23, 24]);
    expect(neededHashes(1, 0, true)).toEqual([0]);
    expect(shareHashCount(10)).toBe(5);
    expect(shareHashCount(1)).toBe(1);
  });

  it('proves leaves against the root and rejects wrong leaves or siblings', () => {
    const leaves = Array.from({ length: 5 }, (_, i) => leaf(i));
    const tree = buildHashTree(leaves);
    for (let i = 0; i < 5; i++) {
      const chain = new Map(neededHashes(5, i, false).map((n) => [n, tree[n]]));
      expect(checkLeafAgainstRoot(tree[0], 5, i, leaves[i], chain)).toBeNull();
      expect(checkLeafAgainstRoot(tree[0], 5, i, leaf(99), chain)).toMatch(/does not hash up/);
      const [first] = chain.keys();
      chain.set(first, leaf(98));
      expect(checkLeafAgainstRoot(tree[0], 5, i, leaves[i], chain)).toMatch(/does not hash up/);
      chain.delete(first);
      expect(checkLeafAgainstRoot(tree[0], 5, i, leaves[i], chain)).toMatch(/missing/);
    }
  });

  it('checks every node of a complete tree', () => {
    const tree = buildHashTree(Array.from({ length: 6 }, (_, i) => leaf(i)));
    expect(checkCompleteTree(tree, tree[0])).toBeNull();
    expect(checkCompleteTree(tree, leaf(0))).toMatch(/root/);
    const bad = [...tree];
    bad[9] = leaf(50); // a leaf under node 4
    expect(checkCompleteTree(bad, tree[0])).toBe('hash tree node 4 is not the hash of its children');
    expect(checkCompleteTree(tree.slice(0, 6), tree[0])).toMatch(/cannot have 6 nodes/);
  });
});

describe('segmentation', () => {
  it('shrinks the segment to the file and rounds it up to a multiple of k', () => {
    expect(effectiveSegmentSize(56, 131072, 3)).toBe(57);
    expect(effectiveSegmentSize(10_000_000, 131072, 3)).toBe(131073);
    expect(effectiveSegmentSize(10_000_000, 1 << 20, 1)).toBe(1 << 20);
  });

  it('describes the tail segment and share data size', () => {
    const layout = planSegments(2097153, 3, 10, 131072);
    expect(layout).toMatchObject({ segmentSize: 131073, segmentCount: 16, blockSize: 43691, tailSize: 2097153 - 15 * 131073 });
    expect(layout.paddedTailSize % 3).toBe(0);
    expect(layout.shareDataSize).toBe(Math.ceil(2097153 / 3));
  });
});

describe('URI extension block', () => {
  const layout = planSegments(1000, 3, 10, 131072);
  const hashes = { crypttextHash: new Uint8Array(32).fill(1), crypttextRootHash: new Uint8Array(32).fill(2), shareRootHash: new Uint8Array(32).fill(3) };

  it('packs fields sorted by key as key:netstring(value)', () => {
    const bytes = encodeUriExtension(uriExtensionFor(layout, hashes));
    const asText = Buffer.from(bytes).toString('latin1');
    expect(asText.startsWith('codec_name:3:crs,codec_params:9:1002-3-10,crypttext_hash:32:')).toBe(true);
    expect(asText).toContain('needed_shares:1:3,num_segments:1:1,segment_size:4:1002,share_root_hash:32:');
    expect(asText.endsWith('size:4:1000,tail_codec_params:9:1002-3-10,total_shares:2:10,')).toBe(true);
  });

  it('parses what it packs, keeping unknown keys', () => {
    const ueb = uriExtensionFor(layout, hashes);
    ueb.extra.set('future_key', text('value'));
    const parsed = parseUriExtension(encodeUriExtension(ueb));
    expect(parsed).toEqual(ueb);
    expect(encodeUriExtension(parsed)).toEqual(encodeUriExtension(ueb));
  });

  it('rejects malformed blocks', () => {
    const good = Buffer.from(encodeUriExtension(uriExtensionFor(layout, hashes))).toString('latin1');
    const bad = (s: string) => () => parseUriExtension(Buffer.from(s, 'latin1'));
    expect(bad(good.slice(0, -1))).toThrow(UriExtensionError);
    expect(bad(good.replace('size:4:1000,', 'size:4:10x0,'))).toThrow(/size "10x0" is not a number/);
    expect(bad(good.replace('codec_name:3:crs,', ''))).toThrow(/no codec_name/);
    expect(bad(good.replace('codec_name:3:crs,', 'codec_name:3:crs;'))).toThrow(/not terminated/);
    expect(bad(good + 'size:4:1000,')).toThrow(/appears twice/);
  });

  it('packs unknown keys with text and binary values byte for byte, and refuses keys it could not parse back', () => {
    const ueb = uriExtensionFor(layout, hashes);
    ueb.extra.set('a_first-key', text('värde')); // non-ASCII: its netstring counts UTF-8 bytes
    ueb.extra.set('zz_binary', Uint8Array.from([0, 255, 44, 58]));
    const asText = Buffer.from(encodeUriExtension(ueb)).toString('latin1');
    expect(asText.startsWith(`a_first-key:6:${Buffer.from('värde').toString('latin1')},codec_name:3:crs,`)).toBe(true);
    expect(asText.endsWith('total_shares:2:10,zz_binary:4:\x00\xff,:,')).toBe(true);
    ueb.extra.set('bad key', text('x'));
    expect(() => encodeUriExtension(ueb)).toThrow(/characters outside/);
  });
});

describe('share layout', () => {
  it('uses version 1 with the layout.py offsets for ordinary files', () => {
    const segments = planSegments(10_000, 3, 10, 1000);
    const layout = shareLayoutFor(segments);
    expect(layout.version).toBe(1);
    const treeSize = (2 * 16 - 1) * 32; // 10 segments -> 16 leaves
    expect(layout.offsets).toEqual({
      data: 0x24,
      plaintextHashTree: 0x24 + 3334,
      crypttextHashTree: 0x24 + 3334 + treeSize,
      blockHashes: 0x24 + 3334 + 2 * treeSize,
      shareHashes: 0x24 + 3334 + 3 * treeSize,
      uriExtension: 0x24 + 3334 + 3 * treeSize + 5 * 34,
    });
    const header = encodeShareHeader(layout);
    expect(header).toHaveLength(0x24);
    expect(Buffer.from(header.subarray(0, 12)).toString('hex')).toBe('00000001' + '0000014e' + '00000d06');
    const parsed = parseShareHeader(header);
    expect(parsed).toEqual({ version: 1, blockSize: 334, dataSize: 3334, offsets: layout.offsets });
    expect(headerMismatch(parsed, segments)).toBeNull();
  });

  it('switches to version 2 (8-byte fields) when a share outgrows 4-byte offsets', () => {
    const segments = planSegments(13 * 2 ** 30, 3, 10, 1 << 20);
    const layout = shareLayoutFor(segments);
    expect(layout.version).toBe(2);
    expect(layout.offsets.data).toBe(0x44);
    const parsed = parseShareHeader(encodeShareHeader(layout));
    expect(parsed.offsets).toEqual(layout.offsets);
    expect(parsed.dataSize).toBe(segments.shareDataSize);
  });

  it('rejects unknown versions and reports offset mismatches', () => {
    const segments = planSegments(10_000, 3, 10, 1000);
    const header = encodeShareHeader(shareLayoutFor(segments));
    header[3] = 7;
    expect(() => parseShareHeader(header)).toThrow('unknown share version 7 (expected 1 or 2)');
    header[3] = 1;
    header[0x1f] ^= 1;
    expect(headerMismatch(parseShareHeader(header), segments)).toMatch(/^share header offset of shareHashes is/);
  });

  it('stores share hashes as (u16 node, hash) pairs', () => {
    const entries = [{ node: 5, hash: leaf(1) }, { node: 300, hash: leaf(2) }];
    const bytes = encodeShareHashes(entries);
    expect(bytes).toHaveLength(68);
    expect(Buffer.from(bytes.subarray(34, 36)).toString('hex')).toBe('012c');
    expect(parseShareHashes(bytes)).toEqual(new Map([[5, leaf(1)], [300, leaf(2)]]));
    expect(() => parseShareHashes(bytes.subarray(0, 40))).toThrow(/whole number/);
  });
});

describe('AES-128-CTR', () => {
  it('matches one zero-IV stream from the start, resumed at any offset', () => {
    const key = randomBytes(16);
    const plain = randomBytes(1000);
    const whole = createCipheriv('aes-128-ctr', key, Buffer.alloc(16)).update(plain);
    for (const offset of [0, 1, 15, 16, 17, 500, 999]) {
      const part = new CtrStream(key, offset).apply(plain.subarray(offset));
      expect(Buffer.from(part).equals(whole.subarray(offset))).toBe(true);
    }
    const stream = new CtrStream(key, 7);
    const pieces = Buffer.concat([stream.apply(plain.subarray(7, 20)), stream.apply(plain.subarray(20, 333))]);
    expect(pieces.equals(whole.subarray(7, 333))).toBe(true);
  });

  it('carries the counter across the low 64 bits', () => {
    const key = randomBytes(16);
    const offset = 2 ** 36 * 16 - 32; // counter crosses 2^36, fits the 53-bit range
    const iv = Buffer.alloc(16);
    iv.writeUInt32BE(Math.floor(offset / 16 / 2 ** 32), 8);
    iv.writeUInt32BE((offset / 16) % 2 ** 32, 12);
    const expected = createCipheriv('aes-128-ctr', key, iv).update(Buffer.alloc(64));
    expect(Buffer.from(new CtrStream(key, offset).apply(new Uint8Array(64))).equals(expected)).toBe(true);
  });
});
