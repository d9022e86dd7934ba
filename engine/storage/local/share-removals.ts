/**
 * Removing shares from a local-folder server under the storage index's lock
 * (a surplus copy, cancelled or expired leases, the orphan sweep) and giving
 * their bytes back to the size-limit tally.
 */
import { rmdir, unlink } from 'node:fs/promises';
import { base32Encode } from '../../chk/base32';
import type { KeyedMutex } from '../blob-server/keyed-mutex';
import { addRemovals, type ShareRemoval, type StoredShareInfo } from '../lease-collection';
import type { StoredBytesTally } from '../stored-bytes-tally';
import type { StorageIndex } from '../types';
import { regularFileSize } from './dir-listing';
import { bucketStorageIndexes } from './embedded-leases';
import { validateStorageIndex } from './layout';
import type { ShareKind } from './lease-store';
import { LocalShareCollection, type LocalShareCollectionParts } from './share-collection';
import { validateSecret } from './share-refs';

export interface ShareRemovalsParts extends LocalShareCollectionParts {
  /** The server's lock per storage index. */
  locks: KeyedMutex;
  /** Bytes held, for the size limit (stored-bytes-tally.ts). */
  storedBytes: StoredBytesTally;
}

export class ShareRemovals {
  private readonly collection: LocalShareCollection;

  constructor(private readonly parts: ShareRemovalsParts) {
    this.collection = new LocalShareCollection(parts);
  }

  /** Deletes one immutable share (a surplus copy after rebalancing), under the storage index's lock so no allocation interleaves. */
  async releaseImmutableShare(storageIndex: StorageIndex, shareNumber: number): Promise<boolean> {
    const { layout, leases, storedBytes } = this.parts;
    const si = base32Encode(validateStorageIndex(storageIndex));
    if (this.parts.isUploading(si, shareNumber)) return false;
    return this.parts.locks.run(si, async () => {
      const path = layout.sharePath(storageIndex, shareNumber);
      // The file's size, trailer included: what the share took against the limit.
      const size = await regularFileSize(path);
      const removed = await unlink(path).then(
        () => true,
        () => false,
      );
      if (removed) {
        if (size === undefined) storedBytes.forget();
        else storedBytes.record(-size);
        await leases.forget(si, [{ kind: 'immutable', shareNumber }]);
        await rmdir(layout.bucketDir(storageIndex)).catch(() => undefined);
      }
      return removed;
    });
  }

  /** Shares whose every lease has expired (never one being uploaded), per storage index. */
  async listExpiredShares(): Promise<{ storageIndex: string; kind: ShareKind; shareNumber: number }[]> {
    const out: { storageIndex: string; kind: ShareKind; shareNumber: number }[] = [];
    for (const si of await this.leasedStorageIndexes()) {
      for (const share of await this.collection.expiredShares(si)) out.push({ storageIndex: si, ...share });
    }
    return out;
  }

  /**
   * Deletes every share whose last lease has expired, one storage index at a
   * time under its lock: an allocation, lease or mutable write of that storage
   * index waits, and then either finds the share gone or has renewed it first.
   * Shares with no lease record (stored before leases existed) are kept.
   */
  async collectExpiredLeases(): Promise<ShareRemoval> {
    const result: ShareRemoval = { removedShares: 0, removedBytes: 0 };
    for (const si of await this.leasedStorageIndexes()) addRemovals(result, await this.parts.locks.run(si, () => this.collection.collectExpired(si)));
    this.parts.storedBytes.record(-result.removedBytes);
    return result;
  }

  async releaseLease(storageIndex: StorageIndex, cancelSecret: Uint8Array): Promise<ShareRemoval & { matchedLeases: number }> {
    validateSecret('cancel secret', cancelSecret);
    const si = base32Encode(validateStorageIndex(storageIndex));
    return this.parts.locks.run(si, async () => {
      const matchedLeases = await this.parts.leases.expire(si, cancelSecret, this.parts.now());
      const removal = await this.collection.collectExpired(si);
      this.parts.storedBytes.record(-removal.removedBytes);
      return { matchedLeases, ...removal };
    });
  }

  listStoredShares(): Promise<StoredShareInfo[]> {
    return this.collection.listStored();
  }

  async removeUnleasedShares(storageIndex: StorageIndex): Promise<ShareRemoval> {
    const si = base32Encode(validateStorageIndex(storageIndex));
    const removal = await this.parts.locks.run(si, () => this.collection.collectUnleased(si));
    this.parts.storedBytes.record(-removal.removedBytes);
    return removal;
  }

  /** Storage indexes with a lease file or immutable shares (whose leases may all be embedded), for the collector. */
  private async leasedStorageIndexes(): Promise<string[]> {
    const [withFile, withShares] = await Promise.all([this.parts.leases.storageIndexes(), bucketStorageIndexes(this.parts.layout.sharesDir)]);
    return [...new Set([...withFile, ...withShares])].sort();
  }
}
