import { type LeaseCollectingServer, type ShareRemoval, type StoredShareInfo } from '../lease-collection';
import { ShareRemovals } from './share-removals';
import { listImmutableShares, openImmutableShare } from './immutable-reads';
import {
  LeaseNotFoundError,
  ServerFullError,
  StorageIndexNotFoundError,
  TAHOE_MAX_MUTABLE_SHARE_SIZE,
  type AllocateRequest,
  type AllocateResult,
  type BucketReader,
  type ReadVector,
  type ServerVersion,
  type SlotSecrets,
  type SlotWriteResult,
  type StorageIndex,
  type StorageServer,
  type TestAndWriteVectors,
} from '../types';
import { base32Encode } from '../../chk/base32';
import { KeyedMutex } from '../blob-server/keyed-mutex';
import { validateReadVectors, validateTestAndWriteVectors } from '../blob-server/vector-validation';
import { DEFAULT_LEASE_DURATION_MS, LocalLeaseStore, type ShareKind, type ShareRef } from './lease-store';
import { appendAdvisory, readAdvisories, type CorruptionAdvisory } from './advisories-file';
import { collectStaleIncoming, measureStoredShares, type GarbageCollectionResult } from './incoming-collection';
import { LocalSlotStore } from './slot-store';
import { embeddedLeasesIn } from './embedded-leases';
import { shareFileBytes, TRAILER_BYTES } from './share-trailer';
import { PrefixFolders } from './prefix-folders';
import { FolderLayout, validateShareNumber, validateStorageIndex } from './layout';
import { formatBytes } from '../../../shared/format-bytes';
import { StoredBytesTally } from '../stored-bytes-tally';
import { StoreFolder } from './store-folder';
import { RecentAbsences } from './recent-absences';
import { ImmutableUploads, uploadKeyOf } from './immutable-uploads';
import { heldShareNumbers, immutableRefs, mutableRefs, validateSecret } from './share-refs';

export interface LocalFolderStorageServerOptions {
  serverId: string;
  nickname: string;
  /** Folder holding shares/, incoming/ and the corruption advisories. */
  root: string;
  /**
   * Whether an upload may make `root` when it is missing (default true, for a
   * folder the caller just chose). The app passes false: an account's folder
   * was made when the account was added, and one that is gone now is a disk
   * not plugged in, never a place to start a new store (see StoreFolder.openIncoming).
   */
  createMissingRoot?: boolean;
  /**
   * Whether shares were stored through this account before (the app's
   * catalog knows). With createMissingRoot false, a folder that has no
   * shares/ folder although this says yes is taken for a disk that is not
   * plugged in, whose mount point is left as an empty folder: the upload is
   * refused instead of starting a new store on the disk that holds the mount
   * point. Asked only when incoming/ is missing (it is never removed once made).
   */
  holdsStoredShares?(): boolean | Promise<boolean>;
  /**
   * Total bytes of share files (complete and incoming) this server may hold:
   * what they take on disk, an immutable share's embedded-lease trailer
   * included (share-trailer.ts).
   */
  sizeLimitBytes?: number;
  /** Bytes after which a share being written is flushed in the background (default 32 MiB). */
  syncEveryBytes?: number;
  /** How long a lease runs after it is added or renewed (default 31 days, as Tahoe-LAFS). */
  leaseDurationMs?: number;
  /** The server's clock (tests move it). */
  now?: () => number;
}

export type { CorruptionAdvisory } from './advisories-file';

export interface ExpiredShareCollection {
  /** Shares (immutable and mutable) removed because their last lease had expired. */
  expiredShares: number;
  removedBytes: number;
}

export type { GarbageCollectionResult } from './incoming-collection';

/** Flush a share being written every 32 MiB, overlapping disk writeback with the upload. */
const BACKGROUND_SYNC_BYTES = 32 << 20;

/**
 * A storage server whose shares live in a local folder, in-process. Follows
 * Tahoe-LAFS storage-server semantics: allocation reports shares already held
 * and skips shares another upload is still writing (whatever its upload
 * secret, so a repeated allocation gets allocated={} for them); a share
 * becomes readable only when its writer closes; aborted or crashed uploads
 * leave nothing in shares/. Mutable slots, leases per share (31 days), and
 * corruption reports about shares it holds. Everything it creates is private
 * (folders 0700, files 0600). Updates to one storage index's leases and slot
 * run one at a time (a lock per storage index), and so does collecting its
 * expired shares, so a collection never deletes a share an upload renews.
 */
export class LocalFolderStorageServer implements StorageServer, LeaseCollectingServer {
  readonly serverId: string;
  readonly nickname: string;
  readonly root: string;
  private readonly layout: FolderLayout;
  private readonly sizeLimitBytes: number;
  private readonly storeFolder: StoreFolder;
  /** Allocations and the shares being written, with their reservations against the size limit (immutable-uploads.ts). */
  private readonly uploads: ImmutableUploads;
  private readonly locks = new KeyedMutex();
  private readonly leases: LocalLeaseStore;
  private readonly slots: LocalSlotStore;
  /** Share removals under the storage index's lock, with the tally's bookkeeping (share-removals.ts). */
  private readonly removals: ShareRemovals;
  /** Bytes held, for the size limit, without a walk of every share per allocation (stored-bytes-tally.ts). */
  private readonly storedBytes = new StoredBytesTally({ measure: async () => (await this.usage()).bytesUsed, now: () => this.now() });
  private readonly leaseDurationMs: number;
  private readonly now: () => number;
  /** Storage indexes a getBuckets just found without any share (recent-absences.ts). */
  private readonly recentlyAbsent: RecentAbsences;

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
    this.leaseDurationMs = options.leaseDurationMs ?? DEFAULT_LEASE_DURATION_MS;
    if (!(this.leaseDurationMs > 0)) throw new RangeError(`leaseDurationMs must be positive, got ${this.leaseDurationMs}`);
    this.now = options.now ?? Date.now;
    this.leases = new LocalLeaseStore(this.layout.leasesDir, embeddedLeasesIn(this.layout.sharesDir));
    this.storeFolder = new StoreFolder({ layout: this.layout, createMissingRoot: options.createMissingRoot ?? true, holdsStoredShares: options.holdsStoredShares });
    this.recentlyAbsent = new RecentAbsences(() => this.now());
    this.slots = new LocalSlotStore((si) => this.layout.slotDir(si));
    this.uploads = new ImmutableUploads({
      nickname: this.nickname,
      layout: this.layout,
      storeFolder: this.storeFolder,
      locks: this.locks,
      leases: this.leases,
      sharePrefixes: new PrefixFolders(this.layout.sharesDir),
      absences: this.recentlyAbsent,
      storedBytes: this.storedBytes,
      sizeLimitBytes: this.sizeLimitBytes,
      syncEveryBytes: options.syncEveryBytes ?? BACKGROUND_SYNC_BYTES,
      leaseExpiry: () => this.leaseExpiry(),
    });
    this.removals = new ShareRemovals({
      layout: this.layout,
      leases: this.leases,
      slots: this.slots,
      now: () => this.now(),
      isUploading: (si, shareNumber) => this.uploads.isUploading(uploadKeyOf(si, shareNumber)),
      locks: this.locks,
      storedBytes: this.storedBytes,
    });
  }

  async getVersion(): Promise<ServerVersion> {
    if (!Number.isFinite(this.sizeLimitBytes)) {
      // No limit: the room is unbounded whatever is stored, so the folder is not walked (uploads ask once per file).
      return { maximumImmutableShareSize: Number.MAX_SAFE_INTEGER, availableSpace: Infinity, maximumMutableShareSize: TAHOE_MAX_MUTABLE_SHARE_SIZE };
    }
    const available = Math.max(0, this.sizeLimitBytes - (await this.storedBytes.bytes()) - this.uploads.reservedBytes());
    return {
      // The largest share whose file (share and trailer) still fits.
      maximumImmutableShareSize: Math.max(0, available - TRAILER_BYTES),
      availableSpace: available,
      maximumMutableShareSize: Math.min(available, TAHOE_MAX_MUTABLE_SHARE_SIZE),
    };
  }

  /** Bytes (the files' sizes on disk) and count of complete shares, immutable and mutable (incoming uploads not included). */
  usage(): Promise<{ bytesUsed: number; shareCount: number }> {
    return measureStoredShares(this.layout);
  }

  /** Bytes a new immutable share of `shareBytes` takes here: its file, trailer included (LeaseCollectingServer.storedBytesOfShare). */
  storedBytesOfShare(shareBytes: number): number {
    return shareFileBytes(shareBytes);
  }


  allocateBuckets(request: AllocateRequest): Promise<AllocateResult> {
    return this.uploads.allocate(request);
  }

  /**
   * Throws, saying what to do, unless the folder can hold this server's
   * shares (store-folder.ts). Writes nothing. Uploads check it before making
   * incoming/ (when createMissingRoot is false); the app's probe and catalog
   * backup call it before they touch the folder.
   */
  checkStoreFolder(): Promise<void> {
    return this.storeFolder.check();
  }

  getBuckets(storageIndex: StorageIndex): Promise<Map<number, BucketReader>> {
    return listImmutableShares(this.layout, this.recentlyAbsent, storageIndex);
  }

  /** One share opened by its path, without listing its folder (immutable-reads.ts); undefined when this server holds no such share. */
  openShare(storageIndex: StorageIndex, shareNumber: number): Promise<BucketReader | undefined> {
    return openImmutableShare(this.layout, storageIndex, shareNumber);
  }

  /** Deletes one immutable share (a surplus copy after rebalancing), under the storage index's lock so no allocation interleaves. */
  releaseImmutableShare(storageIndex: StorageIndex, shareNumber: number): Promise<boolean> {
    return this.removals.releaseImmutableShare(storageIndex, shareNumber);
  }

  /** Records a report about an immutable share it holds; reports about shares it lacks are dropped, as Tahoe-LAFS does. */
  async adviseCorruptShare(storageIndex: StorageIndex, shareNumber: number, reason: string): Promise<void> {
    validateShareNumber(shareNumber);
    if (!(await this.getBuckets(storageIndex)).has(shareNumber)) return;
    await this.recordAdvisory(storageIndex, shareNumber, reason);
  }

  async adviseCorruptMutableShare(storageIndex: StorageIndex, shareNumber: number, reason: string): Promise<void> {
    validateShareNumber(shareNumber);
    if (!(await this.slots.shares(validateStorageIndex(storageIndex))).has(shareNumber)) return;
    await this.recordAdvisory(storageIndex, shareNumber, reason, 'mutable');
  }

  private async recordAdvisory(storageIndex: StorageIndex, shareNumber: number, reason: string, shareType?: 'mutable'): Promise<void> {
    await appendAdvisory(this.layout.advisoriesFile, {
      time: new Date(this.now()).toISOString(),
      storageIndex: base32Encode(validateStorageIndex(storageIndex)),
      shareNumber,
      ...(shareType ? { shareType } : {}),
      reason,
    });
  }

  async addLease(storageIndex: StorageIndex, renewSecret: Uint8Array, cancelSecret: Uint8Array): Promise<void> {
    validateSecret('renew secret', renewSecret);
    validateSecret('cancel secret', cancelSecret);
    const si = base32Encode(validateStorageIndex(storageIndex));
    await this.locks.run(si, async () => {
      const shares = await this.allShares(storageIndex);
      if (shares.length === 0) throw new StorageIndexNotFoundError(`storage server "${this.nickname}" holds no share of storage index ${si}`);
      await this.leases.addOrRenew(si, shares, renewSecret, cancelSecret, this.leaseExpiry());
    });
  }

  async renewLease(storageIndex: StorageIndex, renewSecret: Uint8Array): Promise<void> {
    validateSecret('renew secret', renewSecret);
    const si = base32Encode(validateStorageIndex(storageIndex));
    const matched = await this.locks.run(si, async () => this.leases.renew(si, await this.allShares(storageIndex), renewSecret, this.leaseExpiry()));
    if (matched === 0) throw new LeaseNotFoundError();
  }

  /** Lease expiry times (ms since the epoch) per share, for the app and tests. */
  async leaseExpirations(storageIndex: StorageIndex): Promise<Record<ShareKind, Map<number, number[]>>> {
    return this.leases.expirations(base32Encode(validateStorageIndex(storageIndex)));
  }

  async slotReadv(storageIndex: StorageIndex, shareNumbers: number[], readVectors: ReadVector[]): Promise<Map<number, Uint8Array[]>> {
    validateStorageIndex(storageIndex);
    shareNumbers.forEach(validateShareNumber);
    validateReadVectors(readVectors);
    return this.slots.readv(storageIndex, shareNumbers, readVectors);
  }

  async slotTestvAndReadvAndWritev(storageIndex: StorageIndex, secrets: SlotSecrets, testAndWriteVectors: Map<number, TestAndWriteVectors>, readVector: ReadVector[]): Promise<SlotWriteResult> {
    const si = base32Encode(validateStorageIndex(storageIndex));
    validateSecret('write enabler', secrets.writeEnabler);
    validateSecret('renew secret', secrets.renewSecret);
    validateSecret('cancel secret', secrets.cancelSecret);
    validateTestAndWriteVectors(testAndWriteVectors);
    validateReadVectors(readVector);
    return this.locks.run(si, async () => {
      const growth = Number.isFinite(this.sizeLimitBytes) ? await this.slots.growth(storageIndex, testAndWriteVectors) : undefined;
      if (growth !== undefined && growth > 0) {
        const room = Math.max(0, this.sizeLimitBytes - (await this.uploads.storedBytesBeforeWriting(growth)) - this.uploads.reservedBytes());
        if (growth > room) {
          throw new ServerFullError(`storage server "${this.nickname}" is full: the mutable write adds ${formatBytes(growth)}, ${formatBytes(room)} available of its ${formatBytes(this.sizeLimitBytes)} limit`);
        }
      }
      const change = await this.slots.testAndReadAndWrite(storageIndex, secrets, testAndWriteVectors, readVector);
      if (change.testsPassed) {
        // Growth counts only what the writes add; a share shortened or removed is found by the next walk.
        if (growth === undefined || change.deleted.length > 0) this.storedBytes.forget();
        else this.storedBytes.record(growth);
      }
      await this.leases.forget(si, mutableRefs(change.deleted));
      await this.leases.addOrRenew(si, mutableRefs(change.written), secrets.renewSecret, secrets.cancelSecret, this.leaseExpiry());
      return { testsPassed: change.testsPassed, readData: change.readData };
    });
  }

  async listMutableShares(storageIndex: StorageIndex): Promise<number[]> {
    return [...(await this.slots.shares(validateStorageIndex(storageIndex))).keys()];
  }

  /** Shares whose every lease has expired (never one being uploaded), per storage index. */
  listExpiredShares(): Promise<{ storageIndex: string; kind: ShareKind; shareNumber: number }[]> {
    return this.removals.listExpiredShares();
  }

  /**
   * Deletes every share whose last lease has expired, one storage index at a
   * time under its lock (share-removals.ts). Shares with no lease record
   * (stored before leases existed) are kept.
   */
  async collectExpiredShares(): Promise<ExpiredShareCollection> {
    const removal = await this.collectExpiredLeases();
    return { expiredShares: removal.removedShares, removedBytes: removal.removedBytes };
  }

  collectExpiredLeases(): Promise<ShareRemoval> {
    return this.removals.collectExpiredLeases();
  }

  releaseLease(storageIndex: StorageIndex, cancelSecret: Uint8Array): Promise<ShareRemoval & { matchedLeases: number }> {
    return this.removals.releaseLease(storageIndex, cancelSecret);
  }

  listStoredShares(): Promise<StoredShareInfo[]> {
    return this.removals.listStoredShares();
  }

  removeUnleasedShares(storageIndex: StorageIndex): Promise<ShareRemoval> {
    return this.removals.removeUnleasedShares(storageIndex);
  }

  private async allShares(storageIndex: Uint8Array): Promise<ShareRef[]> {
    return [...immutableRefs(await heldShareNumbers(this.layout, storageIndex)), ...mutableRefs((await this.slots.shares(storageIndex)).keys())];
  }

  private leaseExpiry(): number {
    return this.now() + this.leaseDurationMs;
  }

  /** Corruption reports received so far, oldest first. */
  listCorruptionAdvisories(): Promise<CorruptionAdvisory[]> {
    return readAdvisories(this.layout.advisoriesFile);
  }


  /**
   * Removes incoming data (left by crashed or abandoned uploads) whose last
   * write is older than `olderThanMs`. Uploads still open through this object
   * are never touched. Handles both the flat incoming/<si>.<shnum> files and
   * the incoming/<prefix>/<si>/<shnum> folders older versions left.
   */
  collectGarbage(options: { olderThanMs: number }): Promise<GarbageCollectionResult> {
    return collectStaleIncoming(this.layout, options.olderThanMs, (key) => this.uploads.isUploading(key));
  }
}
