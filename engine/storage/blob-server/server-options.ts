/**
 * The settings a BlobStorageServer takes, and their defaults.
 */
import type { BlobStore } from '../../backends/types';
import { MemoryBudget } from './buffer-gauge';

export interface BlobStorageServerOptions {
  serverId: string;
  nickname: string;
  store: BlobStore;
  /** Total bytes of shares (complete, being uploaded, and mutable) this server may hold. */
  sizeLimitBytes?: number;
  /**
   * Free space on the provider, from figures the caller keeps fresh (the
   * service's quota book); undefined when unknown. Without it, each
   * getVersion asks the store's capacity(), which lists every object.
   */
  freeSpace?: () => Promise<number | undefined>;
  /** Bytes per chunk object of new shares (default 8 MiB); an upload buffers at most three (see firstChunkMemoryBytes and sendAheadBudget). */
  chunkSize?: number;
  /**
   * Memory open uploads may spend keeping chunk 0 of a multi-chunk share
   * until its commit, so it crosses the link once (default 32 MiB: four
   * 8 MiB chunks). Past it, chunk 0 is staged under incoming/ and fetched
   * back at the commit.
   */
  firstChunkMemoryBytes?: number;
  /**
   * Memory for second chunk buffers, so an upload fills its next chunk while
   * the last one is being stored. Default: one budget of 64 MiB shared by
   * every server in the process (eight 8 MiB chunks however many accounts a
   * grid has); past it, a chunk is stored before the next one fills.
   */
  sendAheadBudget?: MemoryBudget;
  /** How long a lease runs after it is added or renewed (default 31 days, as Tahoe-LAFS). */
  leaseDurationMs?: number;
  /** Milliseconds since the epoch; injectable so tests can move time. */
  now?: () => number;
}

export interface BlobGarbageCollectionOptions {
  /** Unfinished uploads not open in this process are removed once this old (default 1 day). */
  incomingOlderThanMs?: number;
}

const DAY_MS = 24 * 60 * 60 * 1000;
export const DEFAULT_LEASE_DURATION_MS = 31 * DAY_MS;
export const DEFAULT_INCOMING_MAX_AGE_MS = DAY_MS;
export const DEFAULT_FIRST_CHUNK_MEMORY_BYTES = 32 * 1024 * 1024;
/** Shared by every server of the process: a grid of many accounts must not multiply it. */
export const PROCESS_SEND_AHEAD_BUDGET = new MemoryBudget(64 * 1024 * 1024);
