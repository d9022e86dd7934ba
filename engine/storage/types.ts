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
}

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
  write(offset: number, data: Uint8Array): Promise<void>;
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
  /** Records that a share failed its hash checks, so the server's owner can see it. */
  adviseCorruptShare(storageIndex: StorageIndex, shareNumber: number, reason: string): Promise<void>;
}
