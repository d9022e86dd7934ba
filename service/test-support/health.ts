/** Test helper: real files uploaded with the engine to a real local-folder grid, and ways to damage them on disk. */
import { randomBytes } from 'node:crypto';
import { readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { bytesByteSource, uploadFile } from '../../engine/grid';
import type { TestGrid } from '../../engine/test-support/test-grid';
import type { StorageServer } from '../../engine/storage/types';
import type { GridEncoding } from '../health/file-check';

/** 3-of-5, happy 4: RAIC's default encoding, with a small segment size so test files have several segments. */
export const TEST_ENCODING: GridEncoding = { needed: 3, happy: 4, total: 5, segmentSize: 64 * 1024 };
export const TEST_LEASE_SECRET = new Uint8Array(32).fill(7);

export interface StoredFile {
  cap: string;
  size: number;
  storageIndex: string;
}

export async function storeRandomFile(servers: readonly StorageServer[], size = 200_000): Promise<StoredFile> {
  const report = await uploadFile(servers, bytesByteSource(randomBytes(size)), {
    encoding: { needed: TEST_ENCODING.needed, happy: TEST_ENCODING.happy, total: TEST_ENCODING.total, maxSegmentSize: TEST_ENCODING.segmentSize },
    convergence: new Uint8Array(16).fill(3),
    leaseSecret: TEST_LEASE_SECRET,
  });
  return { cap: report.cap, size, storageIndex: report.storageIndex! };
}

/** The folder holding one account's shares of a file: <root>/shares/<si[0:2]>/<si>/. */
function bucketFolder(grid: TestGrid, accountIndex: number, file: StoredFile): string {
  return join(grid.servers[accountIndex].root, 'shares', file.storageIndex.slice(0, 2), file.storageIndex);
}

export async function shareFilesOf(grid: TestGrid, accountIndex: number, file: StoredFile): Promise<string[]> {
  const folder = bucketFolder(grid, accountIndex, file);
  const names = await readdir(folder).catch(() => [] as string[]);
  return names.map((name) => join(folder, name));
}

/** Deletes every share the accounts hold of the file, as if they lost them. */
export async function deleteSharesOn(grid: TestGrid, accountIndexes: readonly number[], file: StoredFile): Promise<void> {
  for (const index of accountIndexes) await rm(bucketFolder(grid, index, file), { recursive: true, force: true });
}

/** Flips one byte in the middle of the account's first share file of the file; returns that share's number. */
export async function corruptShareOn(grid: TestGrid, accountIndex: number, file: StoredFile): Promise<number> {
  const [path] = await shareFilesOf(grid, accountIndex, file);
  const bytes = await readFile(path);
  bytes[Math.floor(bytes.length / 2)] ^= 0xff;
  await writeFile(path, bytes);
  return Number(path.slice(path.lastIndexOf('/') + 1));
}

/** A real server that stops answering while `offline` is set, as a cloud account does when its credentials expire. */
export class SwitchableServer implements StorageServer {
  offline = false;
  constructor(private readonly inner: StorageServer) {}
  get serverId(): string {
    return this.inner.serverId;
  }
  get nickname(): string {
    return this.inner.nickname;
  }
  private guard(): void {
    if (this.offline) throw new Error(`connection refused by ${this.inner.nickname}`);
  }
  async getVersion(): ReturnType<StorageServer['getVersion']> {
    this.guard();
    return this.inner.getVersion();
  }
  async allocateBuckets(request: Parameters<StorageServer['allocateBuckets']>[0]): ReturnType<StorageServer['allocateBuckets']> {
    this.guard();
    return this.inner.allocateBuckets(request);
  }
  async getBuckets(storageIndex: Uint8Array): ReturnType<StorageServer['getBuckets']> {
    this.guard();
    return this.inner.getBuckets(storageIndex);
  }
  async adviseCorruptShare(storageIndex: Uint8Array, shareNumber: number, reason: string): Promise<void> {
    this.guard();
    return this.inner.adviseCorruptShare(storageIndex, shareNumber, reason);
  }
}
