/**
 * The byte layout of one immutable share (immutable/layout.py). A header of
 * offsets, then the blocks, an unused plaintext-hash-tree area, the crypttext
 * hash tree, the block hash tree, the share hash chain ((u16 node, hash) pairs),
 * and a length-prefixed URI extension block. Version 1 uses 4-byte fields and is
 * written whenever everything fits below 2^32; version 2 uses 8-byte fields.
 */
import { HASH_SIZE } from './tagged-hash';
import { hashTreeNodeCount, roundUpToPowerOfTwo } from './hash-tree';
import type { SegmentLayout } from './segmentation';

export interface ShareOffsets {
  data: number;
  plaintextHashTree: number;
  crypttextHashTree: number;
  blockHashes: number;
  shareHashes: number;
  uriExtension: number;
}

export interface ShareLayout {
  version: 1 | 2;
  headerSize: number;
  /** Size of the length field before the URI extension block. */
  lengthFieldSize: number;
  blockSize: number;
  dataSize: number;
  offsets: ShareOffsets;
  /** Bytes of each segment-indexed hash tree (plaintext, crypttext, block). */
  segmentTreeSize: number;
  shareHashCount: number;
}

export interface ParsedShareHeader {
  version: 1 | 2;
  blockSize: number;
  dataSize: number;
  offsets: ShareOffsets;
}

export class ShareLayoutError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ShareLayoutError';
  }
}

const SHARE_HASH_ENTRY_SIZE = 2 + HASH_SIZE;
const V1_HEADER_SIZE = 0x24;
const V2_HEADER_SIZE = 0x44;
/** Enough bytes to parse the header of either version. */
export const MAX_HEADER_SIZE = V2_HEADER_SIZE;

/** Share hash chain length: the leaf plus one sibling per tree level. */
export function shareHashCount(totalShares: number): number {
  return Math.log2(roundUpToPowerOfTwo(totalShares)) + 1;
}

export function shareLayoutFor(segments: SegmentLayout, forceVersion?: 1 | 2): ShareLayout {
  const segmentTreeSize = hashTreeNodeCount(segments.segmentCount) * HASH_SIZE;
  const hashCount = shareHashCount(segments.total);
  const build = (version: 1 | 2): ShareLayout => {
    const headerSize = version === 1 ? V1_HEADER_SIZE : V2_HEADER_SIZE;
    const data = headerSize;
    const plaintextHashTree = data + segments.shareDataSize;
    const crypttextHashTree = plaintextHashTree + segmentTreeSize;
    const blockHashes = crypttextHashTree + segmentTreeSize;
    const shareHashes = blockHashes + segmentTreeSize;
    const uriExtension = shareHashes + hashCount * SHARE_HASH_ENTRY_SIZE;
    return {
      version,
      headerSize,
      lengthFieldSize: version === 1 ? 4 : 8,
      blockSize: segments.blockSize,
      dataSize: segments.shareDataSize,
      offsets: { data, plaintextHashTree, crypttextHashTree, blockHashes, shareHashes, uriExtension },
      segmentTreeSize,
      shareHashCount: hashCount,
    };
  };
  if (forceVersion) return build(forceVersion);
  const v1 = build(1);
  const fitsV1 = segments.blockSize < 2 ** 32 && segments.shareDataSize < 2 ** 32 && v1.offsets.uriExtension < 2 ** 32;
  return fitsV1 ? v1 : build(2);
}

/** Total share length once the URI extension block's length is known. */
export function shareSize(layout: ShareLayout, uriExtensionLength: number): number {
  return layout.offsets.uriExtension + layout.lengthFieldSize + uriExtensionLength;
}

function writeField(view: DataView, position: number, value: number, size: 4 | 8): void {
  if (size === 4) view.setUint32(position, value);
  else view.setBigUint64(position, BigInt(value));
}

export function encodeShareHeader(layout: ShareLayout): Uint8Array {
  const header = new Uint8Array(layout.headerSize);
  const view = new DataView(header.buffer);
  const size = layout.lengthFieldSize as 4 | 8;
  view.setUint32(0, layout.version);
  const fields = [
    layout.blockSize,
    layout.dataSize,
    layout.offsets.data,
    layout.offsets.plaintextHashTree,
    layout.offsets.crypttextHashTree,
    layout.offsets.blockHashes,
    layout.offsets.shareHashes,
    layout.offsets.uriExtension,
  ];
  fields.forEach((value, i) => writeField(view, 4 + i * size, value, size));
  return header;
}

export function parseShareHeader(bytes: Uint8Array): ParsedShareHeader {
  if (bytes.length < 4) throw new ShareLayoutError(`share header is truncated: ${bytes.length} bytes`);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.length);
  const version = view.getUint32(0);
  if (version !== 1 && version !== 2) throw new ShareLayoutError(`unknown share version ${version} (expected 1 or 2)`);
  const size = version === 1 ? 4 : 8;
  const headerSize = version === 1 ? V1_HEADER_SIZE : V2_HEADER_SIZE;
  if (bytes.length < headerSize) throw new ShareLayoutError(`version ${version} share header is truncated: ${bytes.length} of ${headerSize} bytes`);
  const read = (i: number): number => {
    const position = 4 + i * size;
    const value = size === 4 ? view.getUint32(position) : Number(view.getBigUint64(position));
    if (!Number.isSafeInteger(value)) throw new ShareLayoutError(`share header field ${i} is too large`);
    return value;
  };
  return {
    version,
    blockSize: read(0),
    dataSize: read(1),
    offsets: {
      data: read(2),
      plaintextHashTree: read(3),
      crypttextHashTree: read(4),
      blockHashes: read(5),
      shareHashes: read(6),
      uriExtension: read(7),
    },
  };
}

/** Describes how a parsed header differs from the layout the UEB implies, or null if it matches. */
export function headerMismatch(parsed: ParsedShareHeader, segments: SegmentLayout): string | null {
  const expected = shareLayoutFor(segments, parsed.version);
  // Downloads take the sizes from the UEB, but verify must flag a damaged header field too.
  if (parsed.blockSize !== expected.blockSize) return `share header block size is ${parsed.blockSize}, expected ${expected.blockSize}`;
  if (parsed.dataSize !== expected.dataSize) return `share header data size is ${parsed.dataSize}, expected ${expected.dataSize}`;
  for (const name of Object.keys(expected.offsets) as (keyof ShareOffsets)[]) {
    if (parsed.offsets[name] !== expected.offsets[name]) {
      return `share header offset of ${name} is ${parsed.offsets[name]}, expected ${expected.offsets[name]}`;
    }
  }
  return null;
}

export function encodeShareHashes(entries: readonly { node: number; hash: Uint8Array }[]): Uint8Array {
  const out = new Uint8Array(entries.length * SHARE_HASH_ENTRY_SIZE);
  const view = new DataView(out.buffer);
  entries.forEach(({ node, hash }, i) => {
    view.setUint16(i * SHARE_HASH_ENTRY_SIZE, node);
    out.set(hash, i * SHARE_HASH_ENTRY_SIZE + 2);
  });
  return out;
}

export function parseShareHashes(bytes: Uint8Array): Map<number, Uint8Array> {
  if (bytes.length % SHARE_HASH_ENTRY_SIZE !== 0) {
    throw new ShareLayoutError(`share hash area of ${bytes.length} bytes is not a whole number of ${SHARE_HASH_ENTRY_SIZE}-byte entries`);
  }
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.length);
  const hashes = new Map<number, Uint8Array>();
  for (let position = 0; position < bytes.length; position += SHARE_HASH_ENTRY_SIZE) {
    const node = view.getUint16(position);
    if (hashes.has(node)) throw new ShareLayoutError(`share hash node ${node} appears twice`);
    hashes.set(node, bytes.subarray(position + 2, position + SHARE_HASH_ENTRY_SIZE));
  }
  return hashes;
}

export function readLengthField(bytes: Uint8Array, layout: { lengthFieldSize: number }): number {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.length);
  const value = layout.lengthFieldSize === 4 ? view.getUint32(0) : Number(view.getBigUint64(0));
  return value;
}

export function encodeLengthField(length: number, layout: { lengthFieldSize: number }): Uint8Array {
  const out = new Uint8Array(layout.lengthFieldSize);
  writeField(new DataView(out.buffer), 0, length, layout.lengthFieldSize as 4 | 8);
  return out;
}
