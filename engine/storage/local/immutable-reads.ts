/**
 * Opening a storage index's complete immutable shares for reading: all of
 * them from a listing of its folder (getBuckets), or one by its path
 * (openShare).
 */
import { join } from 'node:path';
import { base32Encode } from '../../chk/base32';
import type { BucketReader, StorageIndex } from '../types';
import { LocalBucketReader, takeSpareBuffer, WHOLE_READ_MAX_BYTES } from './bucket-reader';
import { listDir } from './dir-listing';
import { parseShareFileName, validateShareNumber, validateStorageIndex, type FolderLayout } from './layout';
import type { RecentAbsences } from './recent-absences';
import { readStoredShareFile, TRAILER_BYTES } from './share-trailer';

/** Readers of every complete share of the storage index, by share number; a listing that finds none is recorded in `absences`. */
export async function listImmutableShares(layout: FolderLayout, absences: RecentAbsences, storageIndex: StorageIndex): Promise<Map<number, BucketReader>> {
  const si = base32Encode(validateStorageIndex(storageIndex));
  const bucketDir = layout.bucketDirOf(si);
  const listing = absences.listingBegins(si);
  // A new file's storage index has no folder yet: the listing fails, through the callback API (dir-listing.ts).
  const names = await listDir(bucketDir);
  absences.trim();
  if (names.length === 0) return new Map();
  // Kept only if no share of it was committed here while the folder was read (a commit drops the entry).
  absences.listingFoundShares(si, listing);
  const readers = new Map<number, BucketReader>();
  for (const name of names) {
    const shareNumber = parseShareFileName(name);
    if (shareNumber === undefined) continue;
    const path = join(bucketDir, name);
    // The share's own length: the file may end with the embedded-lease trailer (share-trailer.ts).
    // A small share's file is read whole here, and its reader serves the bytes, as its own first read would have.
    const stored = await readStoredShareFile(path, { wholeUpTo: WHOLE_READ_MAX_BYTES + TRAILER_BYTES, allocate: takeSpareBuffer }).catch(() => undefined);
    if (!stored) continue;
    readers.set(shareNumber, new LocalBucketReader(shareNumber, stored.shareSize, path, stored.fileBytes));
  }
  return new Map([...readers].sort(([a], [b]) => a - b));
}

/**
 * One share opened by its path, without listing its folder or a stat by
 * name (see StorageServer.openShare): undefined when this server holds no
 * such share (no file, no folder, or a folder in its place). Only complete
 * shares are under shares/, so what it opens is whole, as what getBuckets
 * lists. One open, fstat, read and close: a small share is read whole at
 * once (its download reads all of it anyway), which also tells where the
 * share ends before its embedded-lease trailer (share-trailer.ts).
 */
export async function openImmutableShare(layout: FolderLayout, storageIndex: StorageIndex, shareNumber: number): Promise<BucketReader | undefined> {
  const path = layout.sharePath(validateStorageIndex(storageIndex), validateShareNumber(shareNumber));
  const stored = await readStoredShareFile(path, { wholeUpTo: WHOLE_READ_MAX_BYTES + TRAILER_BYTES, allocate: takeSpareBuffer });
  return stored ? new LocalBucketReader(shareNumber, stored.shareSize, path, stored.fileBytes) : undefined;
}
