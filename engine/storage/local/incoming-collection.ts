/**
 * Giving back the space of uploads that never finished: partial shares a
 * crashed or abandoned upload left in incoming/, in the flat form
 * (incoming/<si>.<shnum>) and in the nested one older versions used
 * (incoming/<prefix>/<si>/<shnum>, whose folders are removed once empty).
 * Also the walk that counts what a folder holds, which only a size-limited
 * server needs.
 */
import { rmdir, stat, unlink } from 'node:fs/promises';
import { join } from 'node:path';
import { listDir, listDirEntries, regularFileSize } from './dir-listing';
import { parseIncomingFileName, parseShareFileName, type FolderLayout } from './layout';

export interface GarbageCollectionResult {
  removedFiles: number;
  removedBytes: number;
}

/**
 * Removes incoming files whose last write is older than `olderThanMs`.
 * `isUploading(key)` ("<si>/<shnum>") names uploads still open in this
 * process: their files are never touched.
 */
export async function collectStaleIncoming(layout: FolderLayout, olderThanMs: number, isUploading: (key: string) => boolean): Promise<GarbageCollectionResult> {
  const cutoff = Date.now() - olderThanMs;
  const result: GarbageCollectionResult = { removedFiles: 0, removedBytes: 0 };
  const removeIfStale = async (path: string, uploadKey: string | undefined): Promise<void> => {
    if (uploadKey !== undefined && isUploading(uploadKey)) return;
    const info = await stat(path).catch(() => undefined);
    if (!info?.isFile() || info.mtimeMs > cutoff) return;
    // A live upload of this process reserves its key before creating the file, so one that
    // started after the check above would be a new file, with an mtime newer than the cutoff.
    if (uploadKey !== undefined && isUploading(uploadKey)) return;
    await unlink(path).catch(() => undefined);
    result.removedFiles++;
    result.removedBytes += info.size;
  };
  const incoming = layout.incomingDir;
  for (const entry of await listDirEntries(incoming)) {
    const path = join(incoming, entry.name);
    if (!entry.isDirectory()) {
      const flat = parseIncomingFileName(entry.name);
      await removeIfStale(path, flat ? `${flat.si}/${flat.shareNumber}` : undefined);
      continue;
    }
    for (const bucket of await listDir(path)) {
      const bucketDir = join(path, bucket);
      for (const name of await listDir(bucketDir)) {
        const shareNumber = parseShareFileName(name);
        await removeIfStale(join(bucketDir, name), shareNumber === undefined ? undefined : `${bucket}/${shareNumber}`);
      }
      await rmdir(bucketDir).catch(() => undefined);
    }
    await rmdir(path).catch(() => undefined);
  }
  return result;
}

/**
 * Bytes and count of complete shares on disk, immutable and mutable (incoming
 * uploads not included). The bytes are the files' sizes: an immutable share's
 * embedded-lease trailer (share-trailer.ts) takes disk space and counts against
 * a size limit like the share's own bytes, and a stat per file tells it
 * without opening or reading any (an older share without a trailer counts
 * the size it has).
 */
export async function measureStoredShares(layout: FolderLayout): Promise<{ bytesUsed: number; shareCount: number }> {
  let bytesUsed = 0;
  let shareCount = 0;
  const prefixDirs = async (top: string): Promise<string[]> => (await listDir(top)).map((prefix) => join(top, prefix));
  for (const top of [layout.sharesDir, layout.mutableDir]) {
    for (const prefixDir of await prefixDirs(top)) {
      for (const bucket of await listDir(prefixDir)) {
        const bucketDir = join(prefixDir, bucket);
        for (const name of await listDir(bucketDir)) {
          if (parseShareFileName(name) === undefined) continue;
          const size = await regularFileSize(join(bucketDir, name));
          if (size === undefined) continue;
          bytesUsed += size;
          shareCount++;
        }
      }
    }
  }
  return { bytesUsed, shareCount };
}
