/**
 * Tahoe-LAFS's hash construction (util/hashutil.py): SHA-256d, i.e. SHA-256 of
 * the SHA-256 digest (against length extension), over netstring(tag) followed
 * by the data. Every hash in the CHK format is one of these, told apart by tag.
 */
import { createHash, hash as sha256Once, type Hash } from 'node:crypto';
import { netstring } from './netstring';

export const TAGS = {
  storageIndex: 'allmydata_immutable_key_to_storage_index_v1',
  block: 'allmydata_encoded_subshare_v1',
  uriExtension: 'allmydata_uri_extension_v1',
  crypttext: 'allmydata_crypttext_v1',
  crypttextSegment: 'allmydata_crypttext_segment_v1',
  convergentEncryption: 'allmydata_immutable_content_to_key_with_added_secret_v1+',
  merkleEmptyLeaf: 'Merkle tree empty leaf',
  merkleInternalNode: 'Merkle tree internal node',
} as const;

export const HASH_SIZE = 32;
export const KEY_SIZE = 16;

/** An incremental tagged SHA-256d; `digest` may be called once. */
export class TaggedHasher {
  private readonly inner: Hash;

  constructor(
    tag: Uint8Array | string,
    private readonly truncateTo: number = HASH_SIZE,
  ) {
    this.inner = createHash('sha256');
    this.inner.update(tagPrefix(tag));
  }

  update(data: Uint8Array): this {
    this.inner.update(data);
    return this;
  }

  digest(): Uint8Array {
    return outerHash(this.inner.digest(), this.truncateTo);
  }
}

/** The second SHA-256 of SHA-256d, one-shot: no Hash object for 32 bytes. */
function outerHash(innerDigest: Uint8Array, truncateTo: number): Uint8Array {
  const outer = sha256Once('sha256', innerDigest, 'buffer');
  return new Uint8Array(outer.buffer, outer.byteOffset, truncateTo);
}

/**
 * Inputs up to this size are hashed one-shot from one buffer holding the tag
 * and the data (a copy of a few bytes costs less than a Hash object); larger
 * ones (blocks, segments) stream through a Hash without being copied.
 */
const ONE_SHOT_MAX_BYTES = 4096;

/** Tagged SHA-256d of the tag's netstring followed by `parts`, whose total length is `length`. */
function taggedHashOfParts(prefix: Uint8Array, parts: readonly Uint8Array[], length: number, truncateTo: number): Uint8Array {
  const joined = Buffer.allocUnsafe(prefix.length + length);
  joined.set(prefix, 0);
  let at = prefix.length;
  for (const part of parts) {
    joined.set(part, at);
    at += part.length;
  }
  return outerHash(sha256Once('sha256', joined, 'buffer'), truncateTo);
}

/** netstring(tag) of the few fixed string tags, made once: a restore hashes a dozen times per small file. */
const tagPrefixes = new Map<string, Uint8Array>();
const MAX_CACHED_TAGS = 64;

function tagPrefix(tag: Uint8Array | string): Uint8Array {
  if (typeof tag !== 'string') return netstring(tag);
  let prefix = tagPrefixes.get(tag);
  if (!prefix) {
    prefix = netstring(tag);
    if (tagPrefixes.size < MAX_CACHED_TAGS) tagPrefixes.set(tag, prefix);
  }
  return prefix;
}

export function taggedHash(tag: Uint8Array | string, data: Uint8Array, truncateTo: number = HASH_SIZE): Uint8Array {
  if (data.length <= ONE_SHOT_MAX_BYTES) return taggedHashOfParts(tagPrefix(tag), [data], data.length, truncateTo);
  return new TaggedHasher(tag, truncateTo).update(data).digest();
}

export function taggedPairHash(tag: string, left: Uint8Array, right: Uint8Array): Uint8Array {
  const framed = [netstring(left), netstring(right)];
  return taggedHashOfParts(tagPrefix(tag), framed, framed[0].length + framed[1].length, HASH_SIZE);
}

export function storageIndexHash(key: Uint8Array): Uint8Array {
  return taggedHash(TAGS.storageIndex, key, 16);
}

export function blockHash(block: Uint8Array): Uint8Array {
  return taggedHash(TAGS.block, block);
}

export function uriExtensionHash(ueb: Uint8Array): Uint8Array {
  return taggedHash(TAGS.uriExtension, ueb);
}

export function crypttextHasher(): TaggedHasher {
  return new TaggedHasher(TAGS.crypttext);
}

export function crypttextSegmentHasher(): TaggedHasher {
  return new TaggedHasher(TAGS.crypttextSegment);
}

/**
 * The convergent-encryption key hasher: its tag binds the convergence secret and
 * the encoding parameters (k, n, effective segment size), so the same plaintext
 * under different parameters gets a different key and storage index.
 */
export function convergenceHasher(needed: number, total: number, segmentSize: number, convergence: Uint8Array): TaggedHasher {
  const prefix = new TextEncoder().encode(TAGS.convergentEncryption);
  const secret = netstring(convergence);
  const params = netstring(`${needed},${total},${segmentSize}`);
  const tag = new Uint8Array(prefix.length + secret.length + params.length);
  tag.set(prefix, 0);
  tag.set(secret, prefix.length);
  tag.set(params, prefix.length + secret.length);
  return new TaggedHasher(tag, KEY_SIZE);
}
