/**
 * The upload side of immutable shares on a local-folder server: allocation
 * (which shares are free, whether their files fit the size limit), the
 * reservations of the shares being written, and the incoming file each
 * writer commits into shares/.
 */
import { base32Encode } from '../../chk/base32';
import { formatBytes } from '../../../shared/format-bytes';
import type { KeyedMutex } from '../blob-server/keyed-mutex';
import type { StoredBytesTally } from '../stored-bytes-tally';
import { ServerFullError, type AllocateRequest, type AllocateResult, type BucketWriter } from '../types';
import { LocalBucketWriter } from './bucket-writer';
import { validateShareNumber, validateStorageIndex, type FolderLayout } from './layout';
import type { LocalLeaseStore } from './lease-store';
import type { PrefixFolders } from './prefix-folders';
import { makePrivateDir } from './private-files';
import type { RecentAbsences } from './recent-absences';
import { heldShareNumbers, immutableRefs, validateSecret } from './share-refs';
import { leaseSecretDigest, shareFileBytes, shareTrailerForDigests } from './share-trailer';
import type { StoreFolder } from './store-folder';

export interface ImmutableUploadsParts {
  nickname: string;
  layout: FolderLayout;
  storeFolder: StoreFolder;
  /** The server's lock per storage index. */
  locks: KeyedMutex;
  leases: LocalLeaseStore;
  /** Which shares/<prefix> folders exist, so a new bucket folder is made at the first try. */
  sharePrefixes: PrefixFolders;
  absences: RecentAbsences;
  /** Bytes held, for the size limit (stored-bytes-tally.ts). */
  storedBytes: StoredBytesTally;
  sizeLimitBytes: number;
  syncEveryBytes: number;
  /** When a lease added now runs out. */
  leaseExpiry(): number;
}

export class ImmutableUploads {
  /** Incoming shares written through this object: key -> reserved bytes (the file's, trailer included). */
  private readonly activeUploads = new Map<string, { bytes: number }>();

  constructor(private readonly parts: ImmutableUploadsParts) {}

  /** True while this object writes the share named by `key` (uploadKey). */
  isUploading(key: string): boolean {
    return this.activeUploads.has(key);
  }

  async allocate(request: AllocateRequest): Promise<AllocateResult> {
    const { layout, locks, leases, absences, sizeLimitBytes, nickname } = this.parts;
    const storageIndex = validateStorageIndex(request.storageIndex);
    for (const [name, secret] of [
      ['renew secret', request.renewSecret],
      ['cancel secret', request.cancelSecret],
      ['upload secret', request.uploadSecret],
    ] as const) {
      validateSecret(name, secret);
    }
    const shareNumbers = [...new Set(request.shareNumbers.map(validateShareNumber))].sort((a, b) => a - b);
    const allocatedSize = request.allocatedSize;
    if (!Number.isInteger(allocatedSize) || allocatedSize < 0) {
      throw new RangeError(`allocated size must be a non-negative integer, got ${allocatedSize}`);
    }

    const si = base32Encode(storageIndex);
    // Under the storage index's lock, so a collection of expired shares either
    // runs first (the shares are gone and get allocated anew) or sees the renewed lease.
    const held = await locks.run(si, async () => {
      const shares = absences.take(si) ? new Set<number>() : await heldShareNumbers(layout, storageIndex);
      // Tahoe-LAFS renews the client's lease on every share it already holds.
      await leases.addOrRenew(si, immutableRefs(shares), request.renewSecret, request.cancelSecret, this.parts.leaseExpiry());
      return shares;
    });
    const alreadyHave = [...held].sort((a, b) => a - b);
    const allocated = new Map<number, BucketWriter>();
    const isFree = (n: number): boolean => !held.has(n) && !this.activeUploads.has(uploadKey(storageIndex, n));
    if (!shareNumbers.some(isFree)) return { alreadyHave, allocated };

    // Each share takes its file against the limit: the share and its embedded-lease trailer.
    const fileBytes = shareFileBytes(allocatedSize);
    const bytesUsed = Number.isFinite(sizeLimitBytes) ? await this.storedBytesBeforeWriting(shareNumbers.filter(isFree).length * fileBytes) : 0;
    // From here to the reservations below nothing awaits, so concurrent
    // allocations can never pick the same share or the same free space.
    const wanted = shareNumbers.filter(isFree);
    const room = sizeLimitBytes - bytesUsed - this.reservedBytes();
    const fitting = Math.floor(Math.max(0, room) / fileBytes);
    if (wanted.length > 0 && fitting === 0) {
      throw new ServerFullError(
        `storage server "${nickname}" is full: ${formatBytes(allocatedSize)} per share requested (${formatBytes(fileBytes)} with its lease), ` +
          `${formatBytes(Math.max(0, room))} available of its ${formatBytes(sizeLimitBytes)} limit`,
      );
    }
    const chosen = wanted.slice(0, fitting);
    for (const shareNumber of chosen) this.activeUploads.set(uploadKey(storageIndex, shareNumber), { bytes: fileBytes });

    try {
      for (const shareNumber of chosen) {
        allocated.set(shareNumber, await this.openWriter(storageIndex, shareNumber, allocatedSize, request));
      }
    } catch (error) {
      for (const shareNumber of chosen) if (!allocated.has(shareNumber)) this.activeUploads.delete(uploadKey(storageIndex, shareNumber));
      await Promise.all([...allocated.values()].map((writer) => writer.abort()));
      throw error;
    }
    return { alreadyHave, allocated };
  }

  /** The bytes held, for a write of `needed` bytes (a fresh walk before any refusal: StoredBytesTally.bytesFor). */
  storedBytesBeforeWriting(needed: number): Promise<number> {
    return this.parts.storedBytes.bytesFor((held) => this.parts.sizeLimitBytes - held - this.reservedBytes() >= needed);
  }

  /** Bytes reserved by the shares being written, which the size limit counts as held. */
  reservedBytes(): number {
    let total = 0;
    for (const { bytes } of this.activeUploads.values()) total += bytes;
    return total;
  }

  /** Opens the incoming file of a share already reserved in activeUploads. */
  private async openWriter(storageIndex: Uint8Array, shareNumber: number, allocatedSize: number, secrets: Pick<AllocateRequest, 'renewSecret' | 'cancelSecret'>): Promise<BucketWriter> {
    const { layout, locks, leases, absences } = this.parts;
    const si = base32Encode(storageIndex);
    const key = uploadKeyOf(si, shareNumber);
    const incomingPath = layout.incomingPathOf(si, shareNumber);
    const folder = layout.bucketDirOf(si);
    // 'w+' replaces a stale file left by a crashed process (live uploads hold a reservation and were
    // skipped), and can read back: a rewrite is compared with the bytes already on disk.
    const fd = await this.parts.storeFolder.openIncoming(incomingPath);
    const renewDigest = leaseSecretDigest(secrets.renewSecret);
    const cancelDigest = leaseSecretDigest(secrets.cancelSecret);
    return new LocalBucketWriter({
      // The share's first lease goes into its own file, written before the fsync and the rename, so the
      // share is never visible without it (share-trailer.ts); no lease file is made for it.
      trailer: (shareLength) => shareTrailerForDigests(shareLength, this.parts.leaseExpiry(), renewDigest, cancelDigest),
      // A storage index that already has a lease file (its leases changed since an upload, or a crash
      // left a record of a share since removed) gets this lease there too: its entry for this share
      // number, if any, would otherwise take precedence over the embedded lease.
      beforeCommit: () => {
        absences.forget(si);
        return locks.run(si, async () => {
          if (await leases.hasFile(si)) {
            await leases.addOrRenew(si, immutableRefs([shareNumber]), secrets.renewSecret, secrets.cancelSecret, this.parts.leaseExpiry(), { beforeShareVisible: true });
          }
        });
      },
      fd,
      incomingPath,
      folder,
      finalPath: layout.sharePathOf(si, shareNumber),
      // The prefix first when it is new, then the bucket: `mkdir -p` alone would try the bucket first and fail.
      // Still `mkdir -p`, so a prefix removed meanwhile (by a collection) is made again.
      makeFolder: async () => {
        await this.parts.sharePrefixes.ensure(si.slice(0, 2));
        await makePrivateDir(folder);
      },
      allocatedSize,
      syncEveryBytes: this.parts.syncEveryBytes,
      onSettled: (outcome, fileBytes) => {
        // Also after the rename: a listing that began before it may have recorded an absence since.
        absences.forget(si);
        this.activeUploads.delete(key);
        if (outcome === 'closed') this.parts.storedBytes.record(fileBytes);
      },
    });
  }
}

/** The key of one immutable share in activeUploads and collectStaleIncoming: "<si>/<shnum>". */
export function uploadKey(storageIndex: Uint8Array, shareNumber: number): string {
  return uploadKeyOf(base32Encode(storageIndex), shareNumber);
}

/** uploadKey for a storage index already in base32. */
export function uploadKeyOf(si: string, shareNumber: number): string {
  return `${si}/${shareNumber}`;
}
