/**
 * Giving space back on a local-folder server: removing shares whose last
 * lease expired (or that no lease claims, for the orphan sweep) and listing
 * what the folder holds. The caller holds the server's lock for the storage
 * index around each removal, so checking the leases and deleting the share
 * is one step as far as uploads, lease renewals and mutable writes go.
 */
import { readdir, rmdir, unlink } from 'node:fs/promises';
import { join } from 'node:path';
import { base32Decode } from '../../chk/base32';
import { latestExpiry, leaseStateOf, type ShareRemoval, type StoredShareInfo } from '../lease-collection';
import type { FolderLayout } from './layout';
import { parseShareFileName } from './layout';
import type { LocalLeaseStore, ShareRef } from './lease-store';
import type { LocalSlotStore } from './slot-store';
import { listDir, regularFileSize } from './dir-listing';

export interface LocalShareCollectionParts {
  layout: FolderLayout;
  leases: LocalLeaseStore;
  slots: LocalSlotStore;
  now(): number;
  /** True while this process is writing that immutable share. */
  isUploading(si: string, shareNumber: number): boolean;
}

export class LocalShareCollection {
  constructor(private readonly parts: LocalShareCollectionParts) {}

  /** Shares of the storage index whose every lease has expired (never one being uploaded). Call under the storage index's lock. */
  async expiredShares(si: string): Promise<ShareRef[]> {
    return (await this.parts.leases.expired(si, this.parts.now())).filter((share) => share.kind === 'mutable' || !this.parts.isUploading(si, share.shareNumber));
  }

  /** Deletes the shares of one storage index whose last lease has expired. Call under its lock. */
  async collectExpired(si: string): Promise<ShareRemoval> {
    return this.remove(si, await this.expiredShares(si));
  }

  /** Deletes the shares of one storage index that no running lease claims (none recorded, or all expired). Call under its lock. */
  async collectUnleased(si: string): Promise<ShareRemoval> {
    const expiries = await this.parts.leases.expirations(si);
    const now = this.parts.now();
    const storageIndex = base32Decode(si);
    const unclaimed = (kind: 'immutable' | 'mutable', shareNumbers: Iterable<number>): ShareRef[] =>
      [...shareNumbers]
        .filter((n) => leaseStateOf(expiries[kind].get(n) ?? [], now) !== 'active' && (kind === 'mutable' || !this.parts.isUploading(si, n)))
        .map((shareNumber) => ({ kind, shareNumber }));
    const immutable = (await readdir(this.parts.layout.bucketDir(storageIndex)).catch(() => [] as string[])).map(parseShareFileName).filter((n): n is number => n !== undefined);
    return this.remove(si, [...unclaimed('immutable', immutable), ...unclaimed('mutable', (await this.parts.slots.shares(storageIndex)).keys())]);
  }

  /**
   * Deletes the given shares, then forgets their leases: a crash in between
   * leaves expired lease records of shares already gone, which the next
   * collection clears, never a share without its record.
   */
  private async remove(si: string, shares: ShareRef[]): Promise<ShareRemoval> {
    const result: ShareRemoval = { removedShares: 0, removedBytes: 0 };
    if (shares.length === 0) return result;
    const storageIndex = base32Decode(si);
    for (const share of shares) {
      if (share.kind === 'immutable') {
        const path = this.parts.layout.sharePath(storageIndex, share.shareNumber);
        // The file's size, trailer included: the disk space the removal gives back.
        const fileBytes = await regularFileSize(path);
        if (fileBytes !== undefined && (await unlink(path).then(() => true, () => false))) {
          result.removedShares++;
          result.removedBytes += fileBytes;
        }
      } else {
        const length = (await this.parts.slots.shares(storageIndex)).get(share.shareNumber);
        if (length !== undefined && (await this.parts.slots.deleteShares(storageIndex, [share.shareNumber])) > 0) {
          result.removedShares++;
          result.removedBytes += length;
        }
      }
    }
    const bucket = this.parts.layout.bucketDir(storageIndex);
    await rmdir(bucket).catch(() => undefined);
    await rmdir(join(bucket, '..')).catch(() => undefined);
    await this.parts.leases.forget(si, shares);
    return result;
  }

  /** Every complete share in the folder (immutable and mutable), with its size and lease state. */
  async listStored(): Promise<StoredShareInfo[]> {
    const out: StoredShareInfo[] = [];
    const now = this.parts.now();
    const { layout } = this.parts;
    for (const [kind, top] of [['immutable', layout.sharesDir], ['mutable', layout.mutableDir]] as const) {
      for (const prefix of await listDir(top)) {
        for (const si of await listDir(join(top, prefix))) {
          const expiries = await this.parts.leases.expirations(si);
          for (const name of await listDir(join(top, prefix, si))) {
            const shareNumber = parseShareFileName(name);
            if (shareNumber === undefined) continue;
            const path = join(top, prefix, si, name);
            // The file's size: an immutable share's embedded-lease trailer (share-trailer.ts) takes disk space too.
            const bytes = await regularFileSize(path);
            if (bytes === undefined) continue;
            const leases = expiries[kind].get(shareNumber) ?? [];
            out.push({ storageIndex: si, kind, shareNumber, bytes, lease: leaseStateOf(leases, now), ...latestExpiry(leases) });
          }
        }
      }
    }
    return out;
  }
}
