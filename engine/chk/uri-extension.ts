/**
 * The URI extension block (UEB, uri.py pack_extension/unpack_extension and
 * docs/specifications/URI-extension.rst): `key:netstring(value)` pairs sorted by
 * key. Its tagged hash is in the cap, so it authenticates the encoding
 * parameters and the roots of the crypttext and share hash trees.
 */
import { HASH_SIZE } from './tagged-hash';
import type { SegmentLayout } from './segmentation';

export interface UriExtension {
  codecName: string;
  /** "<segmentSize>-<needed>-<total>" */
  codecParams: string;
  /** "<paddedTailSize>-<needed>-<total>" */
  tailCodecParams: string;
  size: number;
  segmentSize: number;
  numSegments: number;
  neededShares: number;
  totalShares: number;
  crypttextHash: Uint8Array;
  crypttextRootHash: Uint8Array;
  shareRootHash: Uint8Array;
  /** Keys this implementation does not interpret, kept so re-encoding is lossless. */
  extra: Map<string, Uint8Array>;
}

export class UriExtensionError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UriExtensionError';
  }
}

const textDecoder = new TextDecoder();

function compareBytes(a: string, b: string): number {
  // Python sorts byte strings by byte value; keys are ASCII, so code units match.
  return a < b ? -1 : a > b ? 1 : 0;
}

export function uriExtensionFor(layout: SegmentLayout, hashes: { crypttextHash: Uint8Array; crypttextRootHash: Uint8Array; shareRootHash: Uint8Array }): UriExtension {
  return {
    codecName: 'crs',
    codecParams: `${layout.segmentSize}-${layout.needed}-${layout.total}`,
    tailCodecParams: `${layout.paddedTailSize}-${layout.needed}-${layout.total}`,
    size: layout.fileSize,
    segmentSize: layout.segmentSize,
    numSegments: layout.segmentCount,
    neededShares: layout.needed,
    totalShares: layout.total,
    ...hashes,
    extra: new Map(),
  };
}

export function encodeUriExtension(ueb: UriExtension): Uint8Array {
  const fields = new Map<string, Uint8Array | string>(ueb.extra);
  fields.set('codec_name', ueb.codecName);
  fields.set('codec_params', ueb.codecParams);
  fields.set('tail_codec_params', ueb.tailCodecParams);
  fields.set('size', String(ueb.size));
  fields.set('segment_size', String(ueb.segmentSize));
  fields.set('num_segments', String(ueb.numSegments));
  fields.set('needed_shares', String(ueb.neededShares));
  fields.set('total_shares', String(ueb.totalShares));
  fields.set('crypttext_hash', ueb.crypttextHash);
  fields.set('crypttext_root_hash', ueb.crypttextRootHash);
  fields.set('share_root_hash', ueb.shareRootHash);
  const keys = [...fields.keys()].sort(compareBytes);
  // Written into one buffer sized first (every upload encodes a UEB twice: once for its length, once for real).
  let length = 0;
  for (const key of keys) {
    if (!KNOWN_KEYS.has(key) && !/^[a-zA-Z_-]+$/.test(key)) {
      throw new UriExtensionError(`URI extension key ${JSON.stringify(key)} has characters outside [a-zA-Z_-]`);
    }
    const value = fields.get(key)!;
    const valueLength = typeof value === 'string' ? Buffer.byteLength(value) : value.length;
    length += key.length + 1 + String(valueLength).length + 1 + valueLength + 1;
  }
  const out = Buffer.alloc(length); // its own memory, not a slice of Node's shared pool
  let at = 0;
  for (const key of keys) {
    const value = fields.get(key)!;
    const valueLength = typeof value === 'string' ? Buffer.byteLength(value) : value.length;
    at += out.write(`${key}:${valueLength}:`, at, 'latin1');
    if (typeof value === 'string') at += out.write(value, at, 'utf8');
    else {
      out.set(value, at);
      at += value.length;
    }
    out[at++] = 0x2c; // ','
  }
  return new Uint8Array(out.buffer, out.byteOffset, out.length);
}

function indexOfByte(bytes: Uint8Array, value: number, from: number): number {
  const index = bytes.indexOf(value, from);
  if (index < 0) throw new UriExtensionError(`URI extension block is truncated after byte ${from}`);
  return index;
}

/** Splits a UEB into its raw fields; throws UriExtensionError on malformed framing. */
export function parseUriExtensionFields(bytes: Uint8Array): Map<string, Uint8Array> {
  const fields = new Map<string, Uint8Array>();
  let position = 0;
  while (position < bytes.length) {
    const keyEnd = indexOfByte(bytes, 0x3a, position);
    const key = textDecoder.decode(bytes.subarray(position, keyEnd));
    if (!/^[a-zA-Z_-]+$/.test(key)) throw new UriExtensionError(`URI extension key ${JSON.stringify(key)} is malformed`);
    const lengthEnd = indexOfByte(bytes, 0x3a, keyEnd + 1);
    const lengthText = textDecoder.decode(bytes.subarray(keyEnd + 1, lengthEnd));
    if (!/^[0-9]{1,9}$/.test(lengthText)) throw new UriExtensionError(`URI extension field ${key} has a malformed length ${JSON.stringify(lengthText)}`);
    const valueStart = lengthEnd + 1;
    const valueEnd = valueStart + Number(lengthText);
    if (valueEnd >= bytes.length || bytes[valueEnd] !== 0x2c) {
      throw new UriExtensionError(`URI extension field ${key} is not terminated by ','`);
    }
    if (fields.has(key)) throw new UriExtensionError(`URI extension field ${key} appears twice`);
    fields.set(key, bytes.subarray(valueStart, valueEnd));
    position = valueEnd + 1;
  }
  return fields;
}

const KNOWN_KEYS = new Set([
  'codec_name', 'codec_params', 'tail_codec_params', 'size', 'segment_size', 'num_segments',
  'needed_shares', 'total_shares', 'crypttext_hash', 'crypttext_root_hash', 'share_root_hash',
]);

export function parseUriExtension(bytes: Uint8Array): UriExtension {
  const fields = parseUriExtensionFields(bytes);
  const required = (key: string): Uint8Array => {
    const value = fields.get(key);
    if (!value) throw new UriExtensionError(`URI extension block has no ${key}`);
    return value;
  };
  const text = (key: string) => textDecoder.decode(required(key));
  const integer = (key: string): number => {
    const value = text(key);
    if (!/^[0-9]{1,16}$/.test(value)) throw new UriExtensionError(`URI extension ${key} ${JSON.stringify(value)} is not a number`);
    return Number(value);
  };
  const hash = (key: string): Uint8Array => {
    const value = required(key);
    if (value.length !== HASH_SIZE) throw new UriExtensionError(`URI extension ${key} is ${value.length} bytes, expected ${HASH_SIZE}`);
    return value;
  };
  const extra = new Map<string, Uint8Array>();
  for (const [key, value] of fields) if (!KNOWN_KEYS.has(key)) extra.set(key, value);
  return {
    codecName: text('codec_name'),
    codecParams: text('codec_params'),
    tailCodecParams: text('tail_codec_params'),
    size: integer('size'),
    segmentSize: integer('segment_size'),
    numSegments: integer('num_segments'),
    neededShares: integer('needed_shares'),
    totalShares: integer('total_shares'),
    crypttextHash: hash('crypttext_hash'),
    crypttextRootHash: hash('crypttext_root_hash'),
    shareRootHash: hash('share_root_hash'),
    extra,
  };
}
