/**
 * The one small interface every storage provider implements (one folder per
 * backend under engine/backends/), modelled on Kopia's blob.Storage: get a
 * range, put whole, delete, list by prefix, capacity. The backend-independent
 * storage server (Tahoe-LAFS semantics: buckets, shares, leases) is written
 * once on top of it, so a new cloud costs one module.
 */

export interface BlobInfo {
  key: string;
  size: number;
  /** Last modification time, when the provider reports one. */
  modified?: Date;
}

export interface BlobRange {
  offset: number;
  /** Bytes wanted; the read is clipped at the end of the blob. Omit for "to the end". */
  length?: number;
}

export interface Capacity {
  /** Bytes RAIC's objects occupy (under this backend's prefix). */
  usedBytes: number;
  /** Number of RAIC's objects. */
  objectCount: number;
  /** The provider's quota for the account, when it tells one. */
  quotaBytes?: number;
  /** Free space the provider reports, when it tells one. */
  freeBytes?: number;
}

/**
 * The provider's own figures for the whole account (not just RAIC's objects),
 * as it reported them when asked. Any field may be absent: many providers
 * tell only some of them, and S3 tells none.
 */
export interface Quota {
  /** The account's total size (its quota, or the disk's size). */
  totalBytes?: number;
  /** Bytes the account holds, RAIC's and everything else's. */
  usedBytes?: number;
  /** Bytes the account may still write. */
  freeBytes?: number;
}

export interface ConnectionCheck {
  /** e.g. "credentials", "write", "read", "list", "delete". */
  name: string;
  ok: boolean;
  /** What happened, in words a person understands (never a secret). */
  detail: string;
}

export interface ConnectionTestResult {
  ok: boolean;
  checks: ConnectionCheck[];
  /** Round-trip time of the probe's read, in milliseconds. */
  latencyMs?: number;
}

/** Bytes for put(): a whole buffer, or a stream of chunks with its total size known up front. */
export type BlobBody = Uint8Array | { size: number; chunks: AsyncIterable<Uint8Array> };

export interface BlobStore {
  /** Provider kind, e.g. "local", "s3", "swift", "webdav", "sftp". */
  readonly kind: string;
  /** Reads a blob or a range of it; throws BlobNotFoundError when it does not exist. */
  get(key: string, range?: BlobRange): Promise<Uint8Array>;
  /** Size and time of a blob, or undefined when it does not exist. */
  stat(key: string): Promise<BlobInfo | undefined>;
  /**
   * Stores a blob. Atomic: readers see the old blob or the complete new one,
   * never a partial write (temporary object + rename, or the provider's own
   * atomic PUT / multipart completion).
   */
  put(key: string, body: BlobBody): Promise<void>;
  /** Removes a blob; removing a missing blob is not an error. */
  delete(key: string): Promise<void>;
  /** Every blob whose key starts with prefix, in any order, paginated internally. */
  list(prefix: string): AsyncIterable<BlobInfo>;
  capacity(): Promise<Capacity>;
  /**
   * The provider's quota and free space for the whole account, when it can
   * tell them (absent on stores that never can, e.g. S3). What it promises:
   * one cheap request to the provider (never a listing of RAIC's objects),
   * so a caller may ask every few minutes; figures as the provider gave them
   * at that moment (others may write to the same account meanwhile, so free
   * space is an estimate, not a reservation); a field the provider does not
   * report is left out unless it follows from the ones it does (free = total
   * - used), never guessed; a failure to ask throws, with no secret in its
   * message.
   */
  quota?(): Promise<Quota>;
  /** Checks credentials and permissions with a small probe object, and measures latency. */
  testConnection(): Promise<ConnectionTestResult>;
  /**
   * The provider's own first check of testConnection (signed in, container or
   * folder there); throws when it fails. A store that has it tests its
   * connection as this check followed by the common probe (common/probe.ts),
   * so a wrapper (retrying.ts) can run that probe through its own operations.
   */
  checkAccess?(): Promise<ConnectionCheck>;
  close(): Promise<void>;
}

/** Keys are '/'-separated, of [A-Za-z0-9._-] segments; no '..', no leading '/'. */
export const BLOB_KEY_PATTERN = /^(?!.*(?:^|\/)\.\.?(?:\/|$))[A-Za-z0-9._-]+(?:\/[A-Za-z0-9._-]+)*$/;

export class BlobNotFoundError extends Error {
  constructor(readonly key: string) {
    super(`no object "${key}" in this storage`);
    this.name = 'BlobNotFoundError';
  }
}

/** The provider answered "busy" or "failed" (5xx, 429, Swift's 498): worth retrying. Names no secret. */
export class BackendBusyError extends Error {
  constructor(
    message: string,
    readonly status: number,
  ) {
    super(message);
    this.name = 'BackendBusyError';
  }
}

/** A failure the user must fix (wrong credentials, missing bucket, no permission, quota). */
export class BackendConfigError extends Error {
  constructor(
    message: string,
    readonly reason: 'credentials' | 'not-found' | 'permission' | 'quota' | 'unreachable' | 'invalid',
  ) {
    super(message);
    this.name = 'BackendConfigError';
  }
}
