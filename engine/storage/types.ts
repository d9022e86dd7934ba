/**
 * The storage-server interface the engine talks to: Tahoe-LAFS's storage-server
 * semantics for immutable shares (RIStorageServer / the HTTP storage protocol), as
 * plain async TypeScript. An in-process server over a local folder implements it
 * now; cloud backends and remote Tahoe-LAFS servers implement it later, so the
 * uploader, downloader, checker and repairer never know where shares live.
 */

/** 16-byte storage index of an immutable file (derived from its read key). */
export type StorageIndex = Uint8Array;

export interface ServerVersion {
  /** Largest immutable share this server accepts, in bytes. */
  maximumImmutableShareSize: number;
  /** Bytes the server can still accept (its size limit minus what it holds); Infinity if unknown. */
  availableSpace: number;
  /**
   * Largest mutable share this server accepts, in bytes (GBS
   * maximum-mutable-share-size); absent when the server keeps no mutable slots.
   */
  maximumMutableShareSize?: number;
}

/** Tahoe-LAFS's own limit on a mutable share (69,105 TB), which its servers advertise whatever their space. */
export const TAHOE_MAX_MUTABLE_SHARE_SIZE = 69_105 * 1000 ** 4;

export interface AllocateRequest {
  storageIndex: StorageIndex;
  /** Lease secrets (32 bytes each), as Tahoe-LAFS derives them per server. */
  renewSecret: Uint8Array;
  cancelSecret: Uint8Array;
  /** Upload secret (32 bytes); writes and aborts must present the same one. */
  uploadSecret: Uint8Array;
  shareNumbers: number[];
  /** Size in bytes of each share that will be written. */
  allocatedSize: number;
}

export interface AllocateResult {
  /** Shares of this storage index the server already holds (complete). */
  alreadyHave: number[];
  /** Writers for the shares the server agreed to accept. */
  allocated: Map<number, BucketWriter>;
}

/** One share being uploaded. Invisible to readers until close() succeeds. */
export interface BucketWriter {
  /** May resolve before the bytes are stored; a failure to store them rejects a later write, flush or close. */
  write(offset: number, data: Uint8Array): Promise<void>;
  /**
   * Optional: resolves once what the writer is storing in the background has
   * been stored, rejecting if any of it failed. An uploader calls it on every
   * share before closing any, so a failure found now commits no share at all.
   */
  flush?(): Promise<void>;
  /** Makes the share visible, atomically. */
  close(): Promise<void>;
  /** Discards everything written; the share never becomes visible. */
  abort(): Promise<void>;
}

/** One complete share, readable by range. */
export interface BucketReader {
  readonly shareNumber: number;
  /** Share data length in bytes (the Tahoe-LAFS share layout: header + blocks + hashes + UEB). */
  readonly size: number;
  /** Reads [offset, offset+length), clipped at the end of the share. */
  read(offset: number, length: number): Promise<Uint8Array>;
  /** Optional: fills `target` from `offset` (clipped at the end of the share), resolving to the bytes read; lets a caller reuse its memory. */
  readInto?(offset: number, target: Uint8Array): Promise<number>;
  /**
   * Optional: the caller will read no more and keeps no view of what was read, so the reader may reuse its
   * memory for another share (a restore of many small files otherwise leaves tens of MB of dead buffers
   * waiting for a full garbage collection).
   */
  release?(): void;
}

export interface StorageServer {
  /** Stable identifier, used for permuting the server list and in reports. */
  readonly serverId: string;
  /** Human-friendly name (the account name). */
  readonly nickname: string;
  getVersion(): Promise<ServerVersion>;
  allocateBuckets(request: AllocateRequest): Promise<AllocateResult>;
  /** Complete shares held for a storage index (empty map when none). */
  getBuckets(storageIndex: StorageIndex): Promise<Map<number, BucketReader>>;
  /**
   * Optional RAIC addition, a cheaper getBuckets for one share whose number
   * the caller expects (a small-file download knows that the i-th server of
   * the file's permuted order holds share i on a healthy grid): a reader of
   * that complete share, or undefined when the server holds no such share.
   * It must not list the storage index's other shares, and says nothing
   * about them: a caller that gets undefined, or whose read fails, asks
   * getBuckets. Rejects only when the server cannot answer (as getBuckets
   * would). Servers for which one lookup costs as much as a listing (a
   * remote protocol) leave it out.
   */
  openShare?(storageIndex: StorageIndex, shareNumber: number): Promise<BucketReader | undefined>;
  /** Records that a share failed its hash checks, so the server's owner can see it. */
  adviseCorruptShare(storageIndex: StorageIndex, shareNumber: number, reason: string): Promise<void>;
  /**
   * RAIC addition, not in Tahoe-LAFS's protocol (which frees immutable shares
   * only when their leases expire): deletes one immutable share this client
   * no longer needs, on a server that is the client's own (a local folder).
   * Rebalancing calls it for a surplus copy only after the share's new copy
   * elsewhere was verified. Resolves false when the share was not there.
   */
  releaseImmutableShare?(storageIndex: StorageIndex, shareNumber: number): Promise<boolean>;

  /**
   * Tahoe-LAFS add_lease: on every share (immutable or mutable) of the storage
   * index, renews the lease whose renew secret matches, or adds a new lease
   * with both secrets; either way it then runs for the server's lease duration
   * (31 days by default) from now. Throws StorageIndexNotFoundError when the
   * server holds no share of it (HTTP: 404).
   */
  addLease?(storageIndex: StorageIndex, renewSecret: Uint8Array, cancelSecret: Uint8Array): Promise<void>;
  /**
   * Tahoe-LAFS renew_lease: extends the leases whose renew secret matches.
   * Throws LeaseNotFoundError ("no lease with that renew secret", Tahoe's
   * IndexError) when no share of the storage index carries such a lease.
   */
  renewLease?(storageIndex: StorageIndex, renewSecret: Uint8Array): Promise<void>;

  /**
   * Tahoe-LAFS slot_readv: reads the same vectors from several mutable shares
   * (all shares held when shareNumbers is empty). Reads past the end of a share
   * return the bytes that exist (possibly none). An unknown slot gives an empty map.
   */
  slotReadv?(storageIndex: StorageIndex, shareNumbers: number[], readVectors: ReadVector[]): Promise<Map<number, Uint8Array[]>>;
  /**
   * Tahoe-LAFS slot_testv_and_readv_and_writev: checks the write enabler
   * against the one stored with the slot (BadWriteEnablerError on mismatch,
   * before anything else happens), evaluates every test vector (data at
   * offset must equal specimen; a share the server lacks reads as empty),
   * reads readVector from every existing share (before any write), then
   * applies the writes only if all tests passed, truncates to newLength when
   * it is shorter, deletes a share whose newLength is 0, and adds or renews
   * the lease (renew and cancel secrets) on the shares written.
   */
  slotTestvAndReadvAndWritev?(
    storageIndex: StorageIndex,
    secrets: SlotSecrets,
    testAndWriteVectors: Map<number, TestAndWriteVectors>,
    readVector: ReadVector[],
  ): Promise<SlotWriteResult>;
  /** Mutable share numbers held for a storage index (empty when none). */
  listMutableShares?(storageIndex: StorageIndex): Promise<number[]>;
  /** adviseCorruptShare for a mutable share (Tahoe's share_type "mutable"). */
  adviseCorruptMutableShare?(storageIndex: StorageIndex, shareNumber: number, reason: string): Promise<void>;
}

/** A range to read from a mutable share; clipped at the end of the share. */
export interface ReadVector {
  offset: number;
  size: number;
}

/** Passes when the share's bytes at [offset, offset+size) equal specimen (size defaults to specimen's length). */
export interface TestVector {
  offset: number;
  size?: number;
  specimen: Uint8Array;
}

export interface WriteVector {
  offset: number;
  data: Uint8Array;
}

export interface TestAndWriteVectors {
  testVector: TestVector[];
  /** Applied in order; a write past the end extends the share (the gap reads as zeros). */
  writeVector: WriteVector[];
  /** Truncates the share after the writes when shorter than its length; 0 deletes the share; null/undefined leaves it. */
  newLength?: number | null;
}

/** The three 32-byte secrets of a mutable write. */
export interface SlotSecrets {
  writeEnabler: Uint8Array;
  renewSecret: Uint8Array;
  cancelSecret: Uint8Array;
}

export interface SlotWriteResult {
  /** True when every test vector passed and the writes were applied. */
  testsPassed: boolean;
  /** The read vector's results per existing share, taken before any write. */
  readData: Map<number, Uint8Array[]>;
}

/** A mutable write presented a write enabler other than the slot's (Tahoe BadWriteEnablerError; HTTP 401). */
export class BadWriteEnablerError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'BadWriteEnablerError';
  }
}

/** An immutable write overlapped bytes already written with different bytes (Tahoe ConflictingWriteError; HTTP 409). */
export class ConflictingWriteError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ConflictingWriteError';
  }
}

/** renewLease found no lease with that renew secret (Tahoe IndexError). */
export class LeaseNotFoundError extends Error {
  constructor(message = 'no lease with that renew secret') {
    super(message);
    this.name = 'LeaseNotFoundError';
  }
}

/** The server holds no share of the storage index (HTTP 404). */
export class StorageIndexNotFoundError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'StorageIndexNotFoundError';
  }
}

/** The server refused an allocation or a write because of its size limit. */
export class ServerFullError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ServerFullError';
  }
}
