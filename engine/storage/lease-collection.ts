/**
 * What RAIC's own storage servers (local folder, blob server) offer beyond
 * the storage protocol so the grid can give space back: release this grid's
 * lease on a storage index now, collect shares whose last lease expired,
 * list what they hold (for usage and the orphan sweep) and remove shares no
 * live lease claims. Every removal is a check-and-remove under the server's
 * lock for the storage index, so an upload that renews a lease (allocation
 * renews the leases of shares it finds) either runs first and keeps the
 * share, or runs after and finds it gone and writes it again.
 */
import type { StorageIndex, StorageServer } from './types';

export interface ShareRemoval {
  /** Shares (immutable and mutable) deleted. */
  removedShares: number;
  /** Their bytes, as stored. */
  removedBytes: number;
}

export type ShareLeaseState = 'active' | 'expired' | 'none';

export interface StoredShareInfo {
  /** Base32 storage index. */
  storageIndex: string;
  kind: 'immutable' | 'mutable';
  shareNumber: number;
  /** Bytes the share takes on the backend: all its chunk objects, or a local folder's file with its embedded-lease trailer. */
  bytes: number;
  /** 'active' while any lease runs; 'none' for a share with no lease record at all. */
  lease: ShareLeaseState;
  /** The latest expiry of its leases (ms since the epoch); absent when it has none. */
  leaseExpiresAt?: number;
}

export interface LeaseCollectingServer {
  /**
   * Expires, now, every lease whose cancel secret matches on the shares of
   * this storage index, then removes the shares whose last lease has expired,
   * all under one hold of the storage index's lock. Shares another client
   * still leases stay. `matchedLeases` is 0 when this grid held no lease there.
   */
  releaseLease(storageIndex: StorageIndex, cancelSecret: Uint8Array): Promise<ShareRemoval & { matchedLeases: number }>;
  /** Removes every share whose last lease has expired (never one being uploaded). */
  collectExpiredLeases(): Promise<ShareRemoval>;
  /** Every complete share held, with its size and whether a lease still claims it. */
  listStoredShares(): Promise<StoredShareInfo[]>;
  /** Removes the shares of this storage index that no running lease claims (no lease, or all expired): for the orphan sweep. */
  removeUnleasedShares(storageIndex: StorageIndex): Promise<ShareRemoval>;
  /**
   * Bytes a new immutable share of `shareBytes` takes on this backend, where
   * that is more than the share itself (a local folder's embedded-lease
   * trailer); absent, a share takes its own bytes. Lets figures kept up to
   * date between listings (the app's measured usage) add what a listing
   * (listStoredShares) will count.
   */
  storedBytesOfShare?(shareBytes: number): number;
}

/**
 * Bytes `shares` immutable shares holding `bytes` of share data in all take
 * on `server` (LeaseCollectingServer.storedBytesOfShare; their own bytes on a
 * server without it). What a server adds per share does not depend on the
 * share's size, so shares of different sizes are counted by their average.
 */
export function storedBytesOfShares(server: StorageServer, bytes: number, shares: number): number {
  const collecting = server as Partial<LeaseCollectingServer>;
  if (!collecting.storedBytesOfShare || shares <= 0) return bytes;
  return Math.round(shares * collecting.storedBytesOfShare(bytes / shares));
}

export function canCollectLeases(server: StorageServer): server is StorageServer & LeaseCollectingServer {
  const candidate = server as Partial<LeaseCollectingServer>;
  return typeof candidate.releaseLease === 'function' && typeof candidate.collectExpiredLeases === 'function' && typeof candidate.listStoredShares === 'function';
}

export function leaseStateOf(expiries: readonly number[], now: number): ShareLeaseState {
  if (expiries.length === 0) return 'none';
  return expiries.some((at) => at > now) ? 'active' : 'expired';
}

export function latestExpiry(expiries: readonly number[]): { leaseExpiresAt?: number } {
  return expiries.length > 0 ? { leaseExpiresAt: Math.max(...expiries) } : {};
}

export function addRemovals(into: ShareRemoval, more: ShareRemoval): ShareRemoval {
  into.removedShares += more.removedShares;
  into.removedBytes += more.removedBytes;
  return into;
}
