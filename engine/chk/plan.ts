/**
 * Everything about an upload that is fixed before a byte is encoded: the
 * convergent key, the storage index, the segment and share layout, and so the
 * exact share size servers must allocate.
 */
import type { ByteSource, EncodingParams, EncodingPlan } from './api';
import { planSegments, effectiveSegmentSize, type SegmentLayout } from './segmentation';
import { shareLayoutFor, shareSize, type ShareLayout } from './share-layout';
import { encodeUriExtension, uriExtensionFor } from './uri-extension';
import { convergenceHasher, HASH_SIZE, storageIndexHash } from './tagged-hash';
import { ReadAhead } from './read-ahead';
import { prestartHashWorker } from './hash-worker';
import { WORKER_HASHING_BYTES } from './segment-hasher';

const MAX_SHARES = 256;
const KEY_READ_CHUNK = 4 * 1024 * 1024;

export function checkEncodingParams(params: EncodingParams): void {
  const { needed, happy, total, maxSegmentSize } = params;
  const isInt = Number.isSafeInteger;
  if (!isInt(needed) || needed < 1 || needed > MAX_SHARES) throw new RangeError(`needed shares ${needed} must be between 1 and ${MAX_SHARES}`);
  if (!isInt(total) || total < needed || total > MAX_SHARES) throw new RangeError(`total shares ${total} must be between needed shares ${needed} and ${MAX_SHARES}`);
  if (!isInt(happy) || happy < 1 || happy > total) throw new RangeError(`servers of happiness ${happy} must be between 1 and total shares ${total}`);
  if (!isInt(maxSegmentSize) || maxSegmentSize < 1) throw new RangeError(`maximum segment size ${maxSegmentSize} must be a positive integer`);
}

/** Tahoe-LAFS convergent encryption: key = first 16 bytes of a tagged SHA-256d over the plaintext. */
export async function computeConvergentKey(source: ByteSource, params: EncodingParams, convergence: Uint8Array): Promise<Uint8Array> {
  checkEncodingParams(params);
  const segmentSize = effectiveSegmentSize(source.size, params.maxSegmentSize, params.needed);
  const hasher = convergenceHasher(params.needed, params.total, segmentSize, convergence);
  // Encoding a file this large hashes on the worker thread: booting it now (~40 ms) hides that behind this pass.
  if (source.size >= WORKER_HASHING_BYTES) prestartHashWorker();
  // The next chunk is read while the current one is hashed, so I/O and hashing overlap.
  const reader = new ReadAhead(source, KEY_READ_CHUNK);
  for (let chunk = await reader.next(); chunk; chunk = await reader.next()) hasher.update(chunk);
  return hasher.digest();
}

export function planEncoding(key: Uint8Array, params: EncodingParams, fileSize: number): EncodingPlan {
  checkEncodingParams(params);
  if (key.length !== 16) throw new RangeError(`encryption key must be 16 bytes, got ${key.length}`);
  if (!Number.isSafeInteger(fileSize) || fileSize < 1) {
    throw new RangeError(`file size ${fileSize} cannot be CHK-encoded: it must be at least 1 byte (use a literal cap for tiny files)`);
  }
  const { share, uriExtensionLength } = derivedLayout(params, fileSize);
  return {
    key: Uint8Array.from(key),
    storageIndex: storageIndexHash(key),
    shareSize: shareSize(share, uriExtensionLength),
    params: { ...params },
    fileSize,
  };
}

export interface DerivedLayout {
  segments: SegmentLayout;
  share: ShareLayout;
  uriExtensionLength: number;
}

export function derivedLayout(params: EncodingParams, fileSize: number): DerivedLayout {
  const segments = planSegments(fileSize, params.needed, params.total, params.maxSegmentSize);
  const share = shareLayoutFor(segments);
  // Hashes have a fixed length, so a UEB with placeholder hashes has the final length.
  const placeholder = new Uint8Array(HASH_SIZE);
  const uriExtensionLength = encodeUriExtension(
    uriExtensionFor(segments, { crypttextHash: placeholder, crypttextRootHash: placeholder, shareRootHash: placeholder }),
  ).length;
  return { segments, share, uriExtensionLength };
}
