/**
 * Tahoe-LAFS's hash construction (util/hashutil.py): SHA-256d, i.e. SHA-256 of
 * the SHA-256 digest (against length extension), over netstring(tag) followed
 * by the data. Every hash in the CHK format is one of these, told apart by tag.
 */
import { createHash, type Hash } from 'node:crypto';
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
    const outer = createHash('sha256').update(this.inner.digest()).digest();
    return new Uint8Array(outer.buffer, outer.byteOffset, this.truncateTo);
  }
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
  return new TaggedHasher(tag, truncateTo).update(data).digest();
}

export function taggedPairHash(tag: string, left: Uint8Array, right: Uint8Array): Uint8Array {
  return new TaggedHasher(tag).update(netstring(left)).update(netstring(right)).digest();
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
