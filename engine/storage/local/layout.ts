/**
 * Where a local-folder server keeps things, following Tahoe-LAFS's disk layout
 * (storage/shares/<2-char prefix>/<base32 SI>/<share number>):
 *
 *   <root>/shares/<prefix>/<si>/<shnum>     complete shares, visible to readers: the
 *                                           share bytes from offset 0, then (since issue 19)
 *                                           a 128-byte trailer with the share's first lease
 *                                           (share-trailer.ts); older files have none
 *   <root>/incoming/<si>.<shnum>            shares being uploaded, never read
 *   <root>/mutable/<prefix>/<si>/<shnum>    mutable shares (slot-store.ts), with
 *   <root>/mutable/<prefix>/<si>/write-enabler   the slot's write-enabler digest
 *   <root>/leases/<prefix>/<si>.json        leases changed after an upload, mutable shares'
 *                                           leases, and immutable leases of older versions;
 *                                           an entry here takes precedence over a trailer
 *                                           (lease-store.ts)
 *   <root>/corruption-advisories.jsonl      one JSON object per reported share
 *
 * incoming/ sits beside shares/ on the same filesystem so that making a share
 * visible is a single rename. It is one flat folder, created once and never
 * removed: a folder per upload cost a mkdir and an rmdir per share, and
 * allocating and freeing those inodes was a fifth of a small upload's CPU.
 * Versions before it used incoming/<prefix>/<si>/<shnum>; the collector of
 * stale incoming data still removes leftovers of that form. Every name below root is derived from validated
 * numbers and bytes, never from caller text, so nothing can escape the folder.
 */
import { join, sep } from 'node:path';
import { base32Encode } from '../../chk/base32';

export const STORAGE_INDEX_BYTES = 16;
/** zfec shares are numbered 0..255. */
export const MAX_SHARE_NUMBER = 255;

export function validateStorageIndex(storageIndex: unknown): Uint8Array {
  if (!(storageIndex instanceof Uint8Array) || storageIndex.length !== STORAGE_INDEX_BYTES) {
    throw new TypeError(`storage index must be ${STORAGE_INDEX_BYTES} bytes`);
  }
  return storageIndex;
}

export function validateShareNumber(shareNumber: unknown): number {
  if (typeof shareNumber !== 'number' || !Number.isInteger(shareNumber) || shareNumber < 0 || shareNumber > MAX_SHARE_NUMBER) {
    throw new RangeError(`share number must be an integer from 0 to ${MAX_SHARE_NUMBER}, got ${String(shareNumber)}`);
  }
  return shareNumber;
}

/** Share file names are plain decimal numbers; anything else in a bucket folder is ignored. */
export function parseShareFileName(name: string): number | undefined {
  if (!/^(0|[1-9]\d{0,2})$/.test(name)) return undefined;
  const value = Number(name);
  return value <= MAX_SHARE_NUMBER ? value : undefined;
}

/** The flat incoming file of a share: `<base32 SI>.<share number>`. */
export function incomingFileName(si: string, shareNumber: number): string {
  return `${si}.${shareNumber}`;
}

/** The storage index and share number of a flat incoming file name, or undefined for anything else. */
export function parseIncomingFileName(name: string): { si: string; shareNumber: number } | undefined {
  const dot = name.lastIndexOf('.');
  if (dot <= 0) return undefined;
  const shareNumber = parseShareFileName(name.slice(dot + 1));
  const si = name.slice(0, dot);
  if (shareNumber === undefined || !/^[a-z2-7]+$/.test(si)) return undefined;
  return { si, shareNumber };
}

export class FolderLayout {
  readonly sharesDir: string;
  readonly incomingDir: string;
  readonly advisoriesFile: string;
  readonly mutableDir: string;
  readonly leasesDir: string;

  constructor(readonly root: string) {
    this.sharesDir = join(root, 'shares');
    this.incomingDir = join(root, 'incoming');
    this.mutableDir = join(root, 'mutable');
    this.leasesDir = join(root, 'leases');
    this.advisoriesFile = join(root, 'corruption-advisories.jsonl');
  }

  private relativeBucket(storageIndex: Uint8Array): string {
    const si = base32Encode(validateStorageIndex(storageIndex));
    return join(si.slice(0, 2), si);
  }

  /**
   * shares/<prefix>/<si> for a base32 storage index. The *Of methods take the
   * storage index already encoded and build by concatenation, not path.join:
   * every part is clean (the folders here were normalised once, a base32
   * name, a share number), so the strings are the same, and an upload asks
   * for a share's paths once per share.
   */
  bucketDirOf(si: string): string {
    return this.sharesDir + sep + si.slice(0, 2) + sep + si;
  }

  bucketDir(storageIndex: Uint8Array): string {
    return this.bucketDirOf(base32Encode(validateStorageIndex(storageIndex)));
  }

  slotDir(storageIndex: Uint8Array): string {
    return join(this.mutableDir, this.relativeBucket(storageIndex));
  }

  /** `shareNumber` already validated. */
  sharePathOf(si: string, shareNumber: number): string {
    return this.bucketDirOf(si) + sep + shareNumber;
  }

  sharePath(storageIndex: Uint8Array, shareNumber: number): string {
    return this.sharePathOf(base32Encode(validateStorageIndex(storageIndex)), validateShareNumber(shareNumber));
  }

  /** `shareNumber` already validated. */
  incomingPathOf(si: string, shareNumber: number): string {
    return this.incomingDir + sep + incomingFileName(si, shareNumber);
  }

  incomingPath(storageIndex: Uint8Array, shareNumber: number): string {
    return this.incomingPathOf(base32Encode(validateStorageIndex(storageIndex)), validateShareNumber(shareNumber));
  }
}
