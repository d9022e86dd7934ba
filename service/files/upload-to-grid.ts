/**
 * The one way RAIC's jobs and `raic put` store a file in a grid: the grid's
 * encoding and secrets with the caller's cancellation and progress. Progress
 * is in bytes of the file, from 0 to exactly its size (engine/grid/upload.ts
 * counts the key pass and the encoding pass once, between them).
 */
import { uploadFile, type CheckedByteSource, type UploadReport } from '../../engine/grid';
import type { EncodingParams } from '../../engine/chk/api';
import type { StorageServer } from '../../engine/storage/types';

/** What an upload needs of an opened grid (the CLI's and the service's OpenGrid both have it). */
export interface UploadGrid {
  servers: readonly StorageServer[];
  encoding: EncodingParams;
  convergence: Uint8Array;
  leaseSecret: Uint8Array;
  domainOf?: (serverId: string) => string | undefined;
}

export interface UploadToGridOptions {
  signal?: AbortSignal;
  /** Bytes of the file done so far, and its size. */
  onProgress?(done: number, total: number): void;
  /** See UploadOptions.beforePlacement: the storage index is held from here until the catalog entry is written. */
  beforePlacement?(storageIndex: string): Promise<void>;
}

export function uploadToGrid(grid: UploadGrid, source: CheckedByteSource, options: UploadToGridOptions = {}): Promise<UploadReport> {
  return uploadFile(grid.servers, source, {
    encoding: grid.encoding,
    convergence: grid.convergence,
    leaseSecret: grid.leaseSecret,
    signal: options.signal,
    onProgress: options.onProgress,
    domainOf: grid.domainOf,
    beforePlacement: options.beforePlacement,
  });
}
