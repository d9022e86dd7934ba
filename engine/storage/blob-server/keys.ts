/**
 * Object names of a BlobStorageServer (see README.md for the whole layout).
 * Shares follow docs/specifications/backends/raic.rst: chunk 0 of share N of
 * storage index SI is `shares/<SI[0:2]>/<SI>/N`, chunk i > 0 is `.../N.i`.
 * Every name is built from a validated storage index (base32 of 16 bytes)
 * and share number, never from caller text.
 */
import { base32Encode } from '../../chk/base32';

export const STORAGE_INDEX_BYTES = 16;
export const SECRET_BYTES = 32;
/** zfec shares are numbered 0..255. */
export const MAX_SHARE_NUMBER = 255;

export const SHARES_PREFIX = 'shares/';
export const INCOMING_PREFIX = 'incoming/';
export const SLOTS_PREFIX = 'slots/';
export const LEASES_PREFIX = 'leases/';
export const ADVISORIES_PREFIX = 'corruption-advisories/';

/** Name of the per-slot metadata object beside a slot's chunks. */
const SLOT_META_NAME = 'slot';

export function validateStorageIndex(storageIndex: unknown): string {
  if (!(storageIndex instanceof Uint8Array) || storageIndex.length !== STORAGE_INDEX_BYTES) {
    throw new TypeError(`storage index must be ${STORAGE_INDEX_BYTES} bytes`);
  }
  return base32Encode(storageIndex);
}

export function validateShareNumber(shareNumber: unknown): number {
  if (typeof shareNumber !== 'number' || !Number.isInteger(shareNumber) || shareNumber < 0 || shareNumber > MAX_SHARE_NUMBER) {
    throw new RangeError(`share number must be an integer from 0 to ${MAX_SHARE_NUMBER}, got ${String(shareNumber)}`);
  }
  return shareNumber;
}

export function validateSecret(name: string, secret: unknown): Uint8Array {
  if (!(secret instanceof Uint8Array) || secret.length !== SECRET_BYTES) throw new TypeError(`${name} must be ${SECRET_BYTES} bytes`);
  return secret;
}

function bucket(si: string): string {
  return `${si.slice(0, 2)}/${si}`;
}

function chunkSuffix(chunkIndex: number): string {
  return chunkIndex === 0 ? '' : `.${chunkIndex}`;
}

export function shareBucketPrefix(si: string): string {
  return `${SHARES_PREFIX}${bucket(si)}/`;
}

export function shareChunkKey(si: string, shareNumber: number, chunkIndex: number): string {
  return `${shareBucketPrefix(si)}${shareNumber}${chunkSuffix(chunkIndex)}`;
}

export function incomingBucketPrefix(si: string): string {
  return `${INCOMING_PREFIX}${bucket(si)}/`;
}

/** Small JSON object that exists for as long as an upload of the share is unfinished. */
export function incomingMarkerKey(si: string, shareNumber: number): string {
  return `${incomingBucketPrefix(si)}${shareNumber}`;
}

/** Where chunk 0 waits while later chunks are written: its final name is the commit point. */
export function stagedFirstChunkKey(si: string, shareNumber: number): string {
  return `${incomingBucketPrefix(si)}${shareNumber}.0`;
}

export function slotBucketPrefix(si: string): string {
  return `${SLOTS_PREFIX}${bucket(si)}/`;
}

export function slotMetaKey(si: string): string {
  return `${slotBucketPrefix(si)}${SLOT_META_NAME}`;
}

export function slotChunkKey(si: string, shareNumber: number, chunkIndex: number): string {
  return `${slotBucketPrefix(si)}${shareNumber}${chunkSuffix(chunkIndex)}`;
}

export function leaseKey(si: string): string {
  return `${LEASES_PREFIX}${bucket(si)}`;
}

export interface ParsedObjectName {
  si: string;
  shareNumber: number;
  chunkIndex: number;
}

/**
 * Parses `<prefix><xx>/<si>/<N>[.<i>]` (chunk or incoming object names).
 * Anything else under the prefix (stray files, other tools' objects) is ignored.
 */
export function parseShareObjectKey(prefix: string, key: string): ParsedObjectName | undefined {
  if (!key.startsWith(prefix)) return undefined;
  const match = /^([a-z2-7]{2})\/([a-z2-7]{26})\/(0|[1-9]\d{0,2})(?:\.(0|[1-9]\d{0,8}))?$/.exec(key.slice(prefix.length));
  if (!match || !match[2].startsWith(match[1])) return undefined;
  const shareNumber = Number(match[3]);
  if (shareNumber > MAX_SHARE_NUMBER) return undefined;
  return { si: match[2], shareNumber, chunkIndex: match[4] === undefined ? 0 : Number(match[4]) };
}

/** True for `<prefix><xx>/<si>/N.0`, the staged-chunk form (only used under incoming/). */
export function isExplicitChunkZero(key: string): boolean {
  return key.endsWith('.0');
}

export function storageIndexOfLeaseKey(key: string): string | undefined {
  const match = /^leases\/([a-z2-7]{2})\/([a-z2-7]{26})$/.exec(key);
  return match && match[2].startsWith(match[1]) ? match[2] : undefined;
}

export function storageIndexOfSlotMetaKey(key: string): string | undefined {
  const match = /^slots\/([a-z2-7]{2})\/([a-z2-7]{26})\/slot$/.exec(key);
  return match && match[2].startsWith(match[1]) ? match[2] : undefined;
}
