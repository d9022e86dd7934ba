import { appendFile, mkdir, open, readdir, readFile, rmdir, stat, unlink } from 'node:fs/promises';
import { join } from 'node:path';
import type {
  AllocateRequest,
  AllocateResult,
  BucketReader,
  BucketWriter,
  ServerVersion,
  StorageIndex,
  StorageServer,
} from '../types';
import { base32Encode } from '../../chk/base32';
import { LocalBucketReader } from './bucket-reader';
import { LocalBucketWriter } from './bucket-writer';
import { FolderLayout, parseShareFileName, validateShareNumber, validateStorageIndex } from './layout';
import { formatBytes } from '../../../shared/format-bytes';

export interface LocalFolderStorageServerOptions {
  serverId: string;
  nickname: string;
  /** Folder holding shares/, incoming/ and the corruption advisories. */
  root: string;
  /** Total bytes of shares (complete and incoming) this server may hold. */
  sizeLimitBytes?: number;
  /** Bytes after which a share being written is flushed in the background (default 32 MiB). */
  syncEveryBytes?: number;
}

export interface CorruptionAdvisory {
  /** ISO-8601 time the report arrived. */
  time: string;
  /** Base32 storage index, as in the share folder name. */
  storageIndex: string;
  shareNumber: number;
  reason: string;
}

export interface GarbageCollectionResult {
  removedFiles: number;
  removedBytes: number;
}

const SECRET_BYTES = 32;
/** Flush a share being written every 32 MiB, overlapping disk writeback with the upload. */
const BACKGROUND_SYNC_BYTES = 32 << 20;

/**
 * A storage server whose shares live in a local folder, in-process. Follows
 * Tahoe-LAFS storage-server semantics: allocation reports shares already held
 * and skips shares another upload is still writing; a share becomes readable
 * only when its writer closes; aborted or crashed uploads leave nothing in
 * shares/.
 */
export class LocalFolderStorageServer implements StorageServer {
  readonly serverId: string;
  readonly nickname: string;
  readonly root: string;
  private readonly layout: FolderLayout;
  private readonly sizeLimitBytes: number;
  private readonly syncEveryBytes: number;
  /** Incoming shares written through this object: key -> reserved bytes. */
  private readonly activeUploads = new Map<string, { bytes: number }>();

  constructor(options: LocalFolderStorageServerOptions) {
    if (!options.serverId) throw new Error('a storage server needs a non-empty serverId');
    if (options.sizeLimitBytes !== undefined && !(options.sizeLimitBytes >= 0)) {
      throw new RangeError(`sizeLimitBytes must be a non-negative number, got ${options.sizeLimitBytes}`);
    }
    this.serverId = options.serverId;
    this.nickname = options.nickname;
    this.root = options.root;
    this.layout = new FolderLayout(options.root);
    this.sizeLimitBytes = options.sizeLimitBytes ?? Infinity;
    this.syncEveryBytes = options.syncEveryBytes ?? BACKGROUND_SYNC_BYTES;
  }

  async getVersion(): Promise<ServerVersion> {
    const { bytesUsed } = await this.usage();
    const available = Math.max(0, this.sizeLimitBytes - bytesUsed - this.reservedBytes());
    return {
      maximumImmutableShareSize: Number.isFinite(this.sizeLimitBytes) ? available : Number.MAX_SAFE_INTEGER,
      availableSpace: available,
    };
  }

  /** Bytes and count of complete shares on disk (incoming uploads not included). */
  async usage(): Promise<{ bytesUsed: number; shareCount: number }> {
    let bytesUsed = 0;
    let shareCount = 0;
    for (const prefix of await listDir(this.layout.sharesDir)) {
      const prefixDir = join(this.layout.sharesDir, prefix);
      for (const bucket of await listDir(prefixDir)) {
        const bucketDir = join(prefixDir, bucket);
        for (const name of await listDir(bucketDir)) {
          if (parseShareFileName(name) === undefined) continue;
          const info = await stat(join(bucketDir, name)).catch(() => undefined);
          if (!info?.isFile()) continue;
          bytesUsed += info.size;
          shareCount++;
        }
      }
    }
    return { bytesUsed, shareCount };
  }

  async allocateBuckets(request: AllocateRequest): Promise<AllocateResult> {
    const storageIndex = validateStorageIndex(request.storageIndex);
    for (const [name, secret] of [
      ['renew secret', request.renewSecret],
      ['cancel secret', request.cancelSecret],
      ['upload secret', request.uploadSecret],
    ] as const) {
      if (!(secret instanceof Uint8Array) || secret.length !== SECRET_BYTES) throw new TypeError(`${name} must be ${SECRET_BYTES} bytes`);
    }
    const shareNumbers = [...new Set(request.shareNumbers.map(validateShareNumber))].sort((a, b) => a - b);
    const allocatedSize = request.allocatedSize;
    if (!Number.isInteger(allocatedSize) || allocatedSize < 0) {
      throw new RangeError(`allocated size must be a non-negative integer, got ${allocatedSize}`);
    }

    const held = await this.getBuckets(storageIndex);
    const alreadyHave = [...held.keys()].sort((a, b) => a - b);
    const allocated = new Map<number, BucketWriter>();
    const isFree = (n: number): boolean => !held.has(n) && !this.activeUploads.has(uploadKey(storageIndex, n));
    if (!shareNumbers.some(isFree)) return { alreadyHave, allocated };

    const bytesUsed = Number.isFinite(this.sizeLimitBytes) ? (await this.usage()).bytesUsed : 0;
    // From here to the reservations below nothing awaits, so concurrent
    // allocations can never pick the same share or the same free space.
    const wanted = shareNumbers.filter(isFree);
    const room = this.sizeLimitBytes - bytesUsed - this.reservedBytes();
    const fitting = allocatedSize === 0 ? wanted.length : Math.floor(Math.max(0, room) / allocatedSize);
    if (wanted.length > 0 && fitting === 0) {
      throw new Error(
        `storage server "${this.nickname}" is full: ${formatBytes(allocatedSize)} per share requested, ` +
          `${formatBytes(Math.max(0, room))} available of its ${formatBytes(this.sizeLimitBytes)} limit`,
      );
    }
    const chosen = wanted.slice(0, fitting);
    for (const shareNumber of chosen) this.activeUploads.set(uploadKey(storageIndex, shareNumber), { bytes: allocatedSize });

    try {
      await mkdir(this.layout.incomingBucketDir(storageIndex), { recursive: true });
      for (const shareNumber of chosen) {
        allocated.set(shareNumber, await this.openWriter(storageIndex, shareNumber, allocatedSize));
      }
    } catch (error) {
      for (const shareNumber of chosen) if (!allocated.has(shareNumber)) this.activeUploads.delete(uploadKey(storageIndex, shareNumber));
      await Promise.all([...allocated.values()].map((writer) => writer.abort()));
      throw error;
    }
    return { alreadyHave, allocated };
  }

  /** Opens the incoming file of a share already reserved in activeUploads. */
  private async openWriter(storageIndex: Uint8Array, shareNumber: number, allocatedSize: number): Promise<BucketWriter> {
    const key = uploadKey(storageIndex, shareNumber);
    const incomingPath = this.layout.incomingPath(storageIndex, shareNumber);
    // 'w+' replaces a stale file left by a crashed process (live uploads hold a reservation and were
    // skipped), and can read back: a rewrite is compared with the bytes already on disk.
    const handle = await open(incomingPath, 'w+');
    const incomingBucket = this.layout.incomingBucketDir(storageIndex);
    return new LocalBucketWriter({
      handle,
      incomingPath,
      finalPath: this.layout.sharePath(storageIndex, shareNumber),
      allocatedSize,
      syncEveryBytes: this.syncEveryBytes,
      incomingDirsToPrune: [incomingBucket, join(incomingBucket, '..')],
      onSettled: () => this.activeUploads.delete(key),
    });
  }

  async getBuckets(storageIndex: StorageIndex): Promise<Map<number, BucketReader>> {
    const bucketDir = this.layout.bucketDir(validateStorageIndex(storageIndex));
    const readers = new Map<number, BucketReader>();
    for (const name of await listDir(bucketDir)) {
      const shareNumber = parseShareFileName(name);
      if (shareNumber === undefined) continue;
      const path = join(bucketDir, name);
      const info = await stat(path).catch(() => undefined);
      if (!info?.isFile()) continue;
      readers.set(shareNumber, new LocalBucketReader(shareNumber, info.size, path));
    }
    return new Map([...readers].sort(([a], [b]) => a - b));
  }

  async adviseCorruptShare(storageIndex: StorageIndex, shareNumber: number, reason: string): Promise<void> {
    const advisory: CorruptionAdvisory = {
      time: new Date().toISOString(),
      storageIndex: base32Encode(validateStorageIndex(storageIndex)),
      shareNumber: validateShareNumber(shareNumber),
      reason: String(reason).slice(0, 4096),
    };
    await mkdir(this.root, { recursive: true });
    await appendFile(this.layout.advisoriesFile, JSON.stringify(advisory) + '\n');
  }

  /** Corruption reports received so far, oldest first. */
  async listCorruptionAdvisories(): Promise<CorruptionAdvisory[]> {
    let text: string;
    try {
      text = await readFile(this.layout.advisoriesFile, 'utf8');
    } catch (error) {
      if (isNotFound(error)) return [];
      throw error;
    }
    const advisories: CorruptionAdvisory[] = [];
    for (const line of text.split('\n')) {
      if (!line.trim()) continue;
      try {
        advisories.push(JSON.parse(line) as CorruptionAdvisory);
      } catch {
        // A line cut short by a crash mid-append is skipped, not fatal.
      }
    }
    return advisories;
  }

  /**
   * Removes incoming data (left by crashed or abandoned uploads) whose last
   * write is older than `olderThanMs`. Uploads still open through this object
   * are never touched.
   */
  async collectGarbage(options: { olderThanMs: number }): Promise<GarbageCollectionResult> {
    const cutoff = Date.now() - options.olderThanMs;
    const result: GarbageCollectionResult = { removedFiles: 0, removedBytes: 0 };
    const incoming = this.layout.incomingDir;
    for (const prefix of await listDir(incoming)) {
      const prefixDir = join(incoming, prefix);
      for (const bucket of await listDir(prefixDir)) {
        const bucketDir = join(prefixDir, bucket);
        for (const name of await listDir(bucketDir)) {
          const path = join(bucketDir, name);
          const shareNumber = parseShareFileName(name);
          if (shareNumber !== undefined && this.activeUploads.has(`${bucket}/${shareNumber}`)) continue;
          const info = await stat(path).catch(() => undefined);
          if (!info?.isFile() || info.mtimeMs > cutoff) continue;
          await unlink(path).catch(() => undefined);
          result.removedFiles++;
          result.removedBytes += info.size;
        }
        await rmdir(bucketDir).catch(() => undefined);
      }
      await rmdir(prefixDir).catch(() => undefined);
    }
    return result;
  }

  private reservedBytes(): number {
    let total = 0;
    for (const { bytes } of this.activeUploads.values()) total += bytes;
    return total;
  }
}

function uploadKey(storageIndex: Uint8Array, shareNumber: number): string {
  return `${base32Encode(storageIndex)}/${shareNumber}`;
}

async function listDir(path: string): Promise<string[]> {
  try {
    return (await readdir(path)).sort();
  } catch (error) {
    if (isNotFound(error) || (error as NodeJS.ErrnoException).code === 'ENOTDIR') return [];
    throw error;
  }
}

function isNotFound(error: unknown): boolean {
  return (error as NodeJS.ErrnoException | undefined)?.code === 'ENOENT';
}
