import { mkdir, rmdir, stat, unlink } from 'node:fs/promises';
import { addRemovals, type LeaseCollectingServer, type ShareRemoval, type StoredShareInfo } from '../lease-collection';
import { LocalShareCollection } from './share-collection';
import { join } from 'node:path';
import {
  LeaseNotFoundError,
  ServerFullError,
  StorageIndexNotFoundError,
  TAHOE_MAX_MUTABLE_SHARE_SIZE,
  type AllocateRequest,
  type AllocateResult,
  type BucketReader,
  type BucketWriter,
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
import { makePrivateDir, openPrivateDescriptor, PRIVATE_DIR_MODE } from './private-files';
import { appendAdvisory, readAdvisories, type CorruptionAdvisory } from './advisories-file';
import { isNotFound, listDir, listDirEntries, regularFileSize } from './dir-listing';
import { collectStaleIncoming, measureStoredShares, type GarbageCollectionResult } from './incoming-collection';
import { LocalSlotStore } from './slot-store';
import { LocalBucketReader, takeSpareBuffer, WHOLE_READ_MAX_BYTES } from './bucket-reader';
import { LocalBucketWriter } from './bucket-writer';
import { bucketStorageIndexes, embeddedLeasesIn } from './embedded-leases';
import { leaseSecretDigest, readStoredShareFile, shareFileBytes, shareTrailerForDigests, TRAILER_BYTES } from './share-trailer';
import { PrefixFolders } from './prefix-folders';
import { FolderLayout, parseShareFileName, validateShareNumber, validateStorageIndex } from './layout';
import { formatBytes } from '../../../shared/format-bytes';
import { StoredBytesTally } from '../stored-bytes-tally';

export interface LocalFolderStorageServerOptions {
  serverId: string;
  nickname: string;
  /** Folder holding shares/, incoming/ and the corruption advisories. */
  root: string;
  /**
   * Whether an upload may make `root` when it is missing (default true, for a
   * folder the caller just chose). The app passes false: an account's folder
   * was made when the account was added, and one that is gone now is a disk
   * not plugged in, never a place to start a new store (see openIncoming).
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

const SECRET_BYTES = 32;
/** How long a getBuckets that found no share may stand in for the allocation's own listing. */
const RECENT_ABSENCE_TRUST_MS = 2000;
/** Absences recorded but never taken (listings with no upload after them) are dropped past this many. */
const RECENT_ABSENCE_MAX_ENTRIES = 4096;
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
  private readonly syncEveryBytes: number;
  /** Incoming shares written through this object: key -> reserved bytes (the file's, trailer included). */
  private readonly activeUploads = new Map<string, { bytes: number }>();
  private readonly locks = new KeyedMutex();
  private readonly leases: LocalLeaseStore;
  /** Which shares/<prefix> folders exist, so a new bucket folder is made at the first try. */
  private readonly sharePrefixes: PrefixFolders;
  private readonly slots: LocalSlotStore;
  private readonly collection: LocalShareCollection;
  /** Bytes held, for the size limit, without a walk of every share per allocation (stored-bytes-tally.ts). */
  private readonly storedBytes = new StoredBytesTally({ measure: async () => (await this.usage()).bytesUsed, now: () => this.now() });
  private readonly leaseDurationMs: number;
  private readonly createMissingRoot: boolean;
  private readonly holdsStoredShares?: () => boolean | Promise<boolean>;
  private readonly now: () => number;
  /**
   * Storage indexes a getBuckets just found without any share, with when that
   * listing began: the allocation that follows in an upload takes the answer
   * instead of listing the folder again (see takeRecentAbsence).
   */
  private readonly recentlyAbsent = new Map<string, { listedAt: number }>();

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
    this.createMissingRoot = options.createMissingRoot ?? true;
    this.holdsStoredShares = options.holdsStoredShares;
    this.leaseDurationMs = options.leaseDurationMs ?? DEFAULT_LEASE_DURATION_MS;
    if (!(this.leaseDurationMs > 0)) throw new RangeError(`leaseDurationMs must be positive, got ${this.leaseDurationMs}`);
    this.now = options.now ?? Date.now;
    this.leases = new LocalLeaseStore(this.layout.leasesDir, embeddedLeasesIn(this.layout.sharesDir));
    this.sharePrefixes = new PrefixFolders(this.layout.sharesDir);
    this.slots = new LocalSlotStore((si) => this.layout.slotDir(si));
    this.collection = new LocalShareCollection({
      layout: this.layout,
      leases: this.leases,
      slots: this.slots,
      now: () => this.now(),
      isUploading: (si, shareNumber) => this.activeUploads.has(`${si}/${shareNumber}`),
    });
  }

  async getVersion(): Promise<ServerVersion> {
    if (!Number.isFinite(this.sizeLimitBytes)) {
      // No limit: the room is unbounded whatever is stored, so the folder is not walked (uploads ask once per file).
      return { maximumImmutableShareSize: Number.MAX_SAFE_INTEGER, availableSpace: Infinity, maximumMutableShareSize: TAHOE_MAX_MUTABLE_SHARE_SIZE };
    }
    const available = Math.max(0, this.sizeLimitBytes - (await this.storedBytes.bytes()) - this.reservedBytes());
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

    const si = base32Encode(storageIndex);
    // Under the storage index's lock, so a collection of expired shares either
    // runs first (the shares are gone and get allocated anew) or sees the renewed lease.
    const held = await this.locks.run(si, async () => {
      const shares = this.takeRecentAbsence(si) ? new Set<number>() : await this.heldShareNumbers(storageIndex);
      // Tahoe-LAFS renews the client's lease on every share it already holds.
      await this.leases.addOrRenew(si, immutableRefs(shares), request.renewSecret, request.cancelSecret, this.leaseExpiry());
      return shares;
    });
    const alreadyHave = [...held].sort((a, b) => a - b);
    const allocated = new Map<number, BucketWriter>();
    const isFree = (n: number): boolean => !held.has(n) && !this.activeUploads.has(uploadKey(storageIndex, n));
    if (!shareNumbers.some(isFree)) return { alreadyHave, allocated };

    // Each share takes its file against the limit: the share and its embedded-lease trailer.
    const fileBytes = shareFileBytes(allocatedSize);
    const bytesUsed = Number.isFinite(this.sizeLimitBytes) ? await this.storedBytesBeforeWriting(shareNumbers.filter(isFree).length * fileBytes) : 0;
    // From here to the reservations below nothing awaits, so concurrent
    // allocations can never pick the same share or the same free space.
    const wanted = shareNumbers.filter(isFree);
    const room = this.sizeLimitBytes - bytesUsed - this.reservedBytes();
    const fitting = Math.floor(Math.max(0, room) / fileBytes);
    if (wanted.length > 0 && fitting === 0) {
      throw new ServerFullError(
        `storage server "${this.nickname}" is full: ${formatBytes(allocatedSize)} per share requested (${formatBytes(fileBytes)} with its lease), ` +
          `${formatBytes(Math.max(0, room))} available of its ${formatBytes(this.sizeLimitBytes)} limit`,
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
  private storedBytesBeforeWriting(needed: number): Promise<number> {
    return this.storedBytes.bytesFor((held) => this.sizeLimitBytes - held - this.reservedBytes() >= needed);
  }

  /** Opens the incoming file of a share already reserved in activeUploads. */
  private async openWriter(storageIndex: Uint8Array, shareNumber: number, allocatedSize: number, secrets: Pick<AllocateRequest, 'renewSecret' | 'cancelSecret'>): Promise<BucketWriter> {
    const si = base32Encode(storageIndex);
    const key = uploadKeyOf(si, shareNumber);
    const incomingPath = this.layout.incomingPathOf(si, shareNumber);
    const folder = this.layout.bucketDirOf(si);
    // 'w+' replaces a stale file left by a crashed process (live uploads hold a reservation and were
    // skipped), and can read back: a rewrite is compared with the bytes already on disk.
    const fd = await this.openIncoming(incomingPath);
    const renewDigest = leaseSecretDigest(secrets.renewSecret);
    const cancelDigest = leaseSecretDigest(secrets.cancelSecret);
    return new LocalBucketWriter({
      // The share's first lease goes into its own file, written before the fsync and the rename, so the
      // share is never visible without it (share-trailer.ts); no lease file is made for it.
      trailer: (shareLength) => shareTrailerForDigests(shareLength, this.leaseExpiry(), renewDigest, cancelDigest),
      // A storage index that already has a lease file (its leases changed since an upload, or a crash
      // left a record of a share since removed) gets this lease there too: its entry for this share
      // number, if any, would otherwise take precedence over the embedded lease.
      beforeCommit: () => {
        this.recentlyAbsent.delete(si);
        return this.locks.run(si, async () => {
          if (await this.leases.hasFile(si)) {
            await this.leases.addOrRenew(si, immutableRefs([shareNumber]), secrets.renewSecret, secrets.cancelSecret, this.leaseExpiry(), { beforeShareVisible: true });
          }
        });
      },
      fd,
      incomingPath,
      folder,
      finalPath: this.layout.sharePathOf(si, shareNumber),
      // The prefix first when it is new, then the bucket: `mkdir -p` alone would try the bucket first and fail.
      // Still `mkdir -p`, so a prefix removed meanwhile (by a collection) is made again.
      makeFolder: async () => {
        await this.sharePrefixes.ensure(si.slice(0, 2));
        await makePrivateDir(folder);
      },
      allocatedSize,
      syncEveryBytes: this.syncEveryBytes,
      onSettled: (outcome, fileBytes) => {
        // Also after the rename: a listing that began before it may have recorded an absence since.
        this.recentlyAbsent.delete(si);
        this.activeUploads.delete(key);
        if (outcome === 'closed') this.storedBytes.record(fileBytes);
      },
    });
  }

  /**
   * Creates (or, over a crashed process's leftover, truncates) an incoming file.
   * incoming/ is made only when the open finds it missing: it is never removed
   * once made, so checking for it on every share would be a wasted mkdir.
   * Unless createMissingRoot, the server's folder itself is never made here:
   * when it is gone (a USB disk unplugged, a network share not mounted),
   * `mkdir -p` would quietly start a new store where the disk was mounted, on
   * another disk; the upload is refused instead, so the shares go to the
   * accounts that are there.
   */
  private async openIncoming(incomingPath: string): Promise<number> {
    try {
      return await openPrivateDescriptor(incomingPath, 'w+');
    } catch (error) {
      if (!isNotFound(error)) throw error;
      await this.makeIncomingDir();
      return openPrivateDescriptor(incomingPath, 'w+');
    }
  }

  private async makeIncomingDir(): Promise<void> {
    if (this.createMissingRoot) return makePrivateDir(this.layout.incomingDir);
    await this.checkStoreFolder();
    try {
      await mkdir(this.layout.incomingDir, { mode: PRIVATE_DIR_MODE });
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'EEXIST') return;
      // Gone between the check and the mkdir.
      if (isNotFound(error)) throw new Error(missingFolderMessage(this.layout.root));
      throw error;
    }
  }

  /**
   * Throws, saying what to do, unless the folder can hold this server's
   * shares: it is missing (a disk not plugged in), is not a folder, or has no
   * shares/ although `holdsStoredShares` says shares were stored through it
   * (the empty mount point an unplugged disk leaves). Writes nothing. Uploads
   * check it before making incoming/ (when createMissingRoot is false); the
   * app's probe and catalog backup call it before they touch the folder.
   */
  async checkStoreFolder(): Promise<void> {
    const { root } = this.layout;
    const info = await stat(root).catch((error: NodeJS.ErrnoException) => {
      throw new Error(isNotFound(error) ? missingFolderMessage(root) : `the storage folder ${root} cannot be opened (${error.code ?? error.message})`);
    });
    if (!info.isDirectory()) throw new Error(`the storage folder ${root} is not a folder`);
    if (this.holdsStoredShares && !(await stat(this.layout.sharesDir).catch(() => undefined)) && (await this.holdsStoredShares())) {
      throw new Error(
        `the storage folder ${root} has none of the shares stored there before: is the disk plugged in? (If the folder was emptied on purpose, remove the account and add it again.)`,
      );
    }
  }

  async getBuckets(storageIndex: StorageIndex): Promise<Map<number, BucketReader>> {
    const si = base32Encode(validateStorageIndex(storageIndex));
    const bucketDir = this.layout.bucketDirOf(si);
    const listing = { listedAt: this.now() };
    this.recentlyAbsent.set(si, listing);
    // A new file's storage index has no folder yet: the listing fails, through the callback API (dir-listing.ts).
    const names = await listDir(bucketDir);
    if (this.recentlyAbsent.size > RECENT_ABSENCE_MAX_ENTRIES) this.recentlyAbsent.clear();
    if (names.length === 0) return new Map();
    // Kept only if no share of it was committed here while the folder was read (a commit drops the entry).
    if (this.recentlyAbsent.get(si) === listing) this.recentlyAbsent.delete(si);
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
  async openShare(storageIndex: StorageIndex, shareNumber: number): Promise<BucketReader | undefined> {
    const path = this.layout.sharePath(validateStorageIndex(storageIndex), validateShareNumber(shareNumber));
    const stored = await readStoredShareFile(path, { wholeUpTo: WHOLE_READ_MAX_BYTES + TRAILER_BYTES, allocate: takeSpareBuffer });
    return stored ? new LocalBucketReader(shareNumber, stored.shareSize, path, stored.fileBytes) : undefined;
  }

  /**
   * True when a getBuckets of this storage index found no share less than
   * RECENT_ABSENCE_TRUST_MS ago and no share of it was committed through this
   * object since that listing began; the answer is used once. The upload's
   * allocation follows its getBuckets within milliseconds, so on a new file
   * (the common case) the bucket folder is read once, not twice. A share
   * written by another process in that window is missed exactly as it would
   * be if it landed just after a second listing: its bytes are the same
   * (convergent encoding), and the rewrite renames a whole share over it
   * with its lease recorded first.
   */
  private takeRecentAbsence(si: string): boolean {
    const absence = this.recentlyAbsent.get(si);
    if (!absence) return false;
    this.recentlyAbsent.delete(si);
    const age = this.now() - absence.listedAt;
    return age >= 0 && age < RECENT_ABSENCE_TRUST_MS;
  }

  /** Share numbers of the complete immutable shares held, from the folder listing alone (no stat per share). */
  private async heldShareNumbers(storageIndex: Uint8Array): Promise<Set<number>> {
    const bucketDir = this.layout.bucketDir(storageIndex);
    const held = new Set<number>();
    for (const entry of await listDirEntries(bucketDir)) {
      const shareNumber = parseShareFileName(entry.name);
      if (shareNumber === undefined) continue;
      // A share is a regular file; anything else named like one (a link, say) is checked as getBuckets does.
      const isFile = entry.isFile() || (entry.isSymbolicLink() && (await stat(join(bucketDir, entry.name)).catch(() => undefined))?.isFile());
      if (isFile) held.add(shareNumber);
    }
    return held;
  }

  /** Deletes one immutable share (a surplus copy after rebalancing), under the storage index's lock so no allocation interleaves. */
  async releaseImmutableShare(storageIndex: StorageIndex, shareNumber: number): Promise<boolean> {
    const si = base32Encode(validateStorageIndex(storageIndex));
    if (this.activeUploads.has(uploadKey(storageIndex, shareNumber))) return false;
    return this.locks.run(si, async () => {
      const path = this.layout.sharePath(storageIndex, shareNumber);
      // The file's size, trailer included: what the share took against the limit.
      const size = await regularFileSize(path);
      const removed = await unlink(path).then(
        () => true,
        () => false,
      );
      if (removed) {
        if (size === undefined) this.storedBytes.forget();
        else this.storedBytes.record(-size);
        await this.leases.forget(si, [{ kind: 'immutable', shareNumber }]);
        await rmdir(this.layout.bucketDir(storageIndex)).catch(() => undefined);
      }
      return removed;
    });
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
        const room = Math.max(0, this.sizeLimitBytes - (await this.storedBytesBeforeWriting(growth)) - this.reservedBytes());
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
  async listExpiredShares(): Promise<{ storageIndex: string; kind: ShareKind; shareNumber: number }[]> {
    const out: { storageIndex: string; kind: ShareKind; shareNumber: number }[] = [];
    for (const si of await this.leasedStorageIndexes()) {
      for (const share of await this.expiredShares(si)) out.push({ storageIndex: si, ...share });
    }
    return out;
  }

  /**
   * Deletes every share whose last lease has expired, one storage index at a
   * time under its lock: an allocation, lease or mutable write of that storage
   * index waits, and then either finds the share gone or has renewed it first.
   * Shares with no lease record (stored before leases existed) are kept.
   */
  async collectExpiredShares(): Promise<ExpiredShareCollection> {
    const removal = await this.collectExpiredLeases();
    return { expiredShares: removal.removedShares, removedBytes: removal.removedBytes };
  }

  async collectExpiredLeases(): Promise<ShareRemoval> {
    const result: ShareRemoval = { removedShares: 0, removedBytes: 0 };
    for (const si of await this.leasedStorageIndexes()) addRemovals(result, await this.locks.run(si, () => this.collection.collectExpired(si)));
    this.storedBytes.record(-result.removedBytes);
    return result;
  }

  async releaseLease(storageIndex: StorageIndex, cancelSecret: Uint8Array): Promise<ShareRemoval & { matchedLeases: number }> {
    validateSecret('cancel secret', cancelSecret);
    const si = base32Encode(validateStorageIndex(storageIndex));
    return this.locks.run(si, async () => {
      const matchedLeases = await this.leases.expire(si, cancelSecret, this.now());
      const removal = await this.collection.collectExpired(si);
      this.storedBytes.record(-removal.removedBytes);
      return { matchedLeases, ...removal };
    });
  }

  listStoredShares(): Promise<StoredShareInfo[]> {
    return this.collection.listStored();
  }

  async removeUnleasedShares(storageIndex: StorageIndex): Promise<ShareRemoval> {
    const si = base32Encode(validateStorageIndex(storageIndex));
    const removal = await this.locks.run(si, () => this.collection.collectUnleased(si));
    this.storedBytes.record(-removal.removedBytes);
    return removal;
  }

  private expiredShares(si: string): Promise<ShareRef[]> {
    return this.collection.expiredShares(si);
  }

  private async allShares(storageIndex: Uint8Array): Promise<ShareRef[]> {
    return [...immutableRefs(await this.heldShareNumbers(storageIndex)), ...mutableRefs((await this.slots.shares(storageIndex)).keys())];
  }

  /** Storage indexes with a lease file or immutable shares (whose leases may all be embedded), for the collector. */
  private async leasedStorageIndexes(): Promise<string[]> {
    const [withFile, withShares] = await Promise.all([this.leases.storageIndexes(), bucketStorageIndexes(this.layout.sharesDir)]);
    return [...new Set([...withFile, ...withShares])].sort();
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
    return collectStaleIncoming(this.layout, options.olderThanMs, (key) => this.activeUploads.has(key));
  }


  private reservedBytes(): number {
    let total = 0;
    for (const { bytes } of this.activeUploads.values()) total += bytes;
    return total;
  }
}

function immutableRefs(shareNumbers: Iterable<number>): ShareRef[] {
  return [...shareNumbers].map((shareNumber) => ({ kind: 'immutable', shareNumber }));
}

function mutableRefs(shareNumbers: Iterable<number>): ShareRef[] {
  return [...shareNumbers].map((shareNumber) => ({ kind: 'mutable', shareNumber }));
}

function validateSecret(name: string, secret: unknown): Uint8Array {
  if (!(secret instanceof Uint8Array) || secret.length !== SECRET_BYTES) throw new TypeError(`${name} must be ${SECRET_BYTES} bytes`);
  return secret;
}

function uploadKey(storageIndex: Uint8Array, shareNumber: number): string {
  return uploadKeyOf(base32Encode(storageIndex), shareNumber);
}

/** uploadKey for a storage index already in base32. */
function uploadKeyOf(si: string, shareNumber: number): string {
  return `${si}/${shareNumber}`;
}

function missingFolderMessage(root: string): string {
  return `the storage folder ${root} is missing (is the disk plugged in?)`;
}
