/**
 * Cleaning up after crashes, run when the background work starts: files in
 * the staging folder that no queued or running upload job will read (the
 * job was cancelled, failed, or the process died between receiving the body
 * and queuing the job), and incoming share data that local-folder servers
 * keep from uploads a killed process never finished.
 */
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { LocalFolderStorageServer } from '../engine/storage/local';
import type { StorageServer } from '../engine/storage/types';

/** Uploads still open in this process are never touched; an hour without a write means the writer is gone. */
const ABANDONED_UPLOAD_AGE_MS = 3600_000;

export async function sweepStaging(dataDir: string, stillNeeded: ReadonlySet<string>): Promise<number> {
  const dir = path.join(dataDir, 'staging');
  let removed = 0;
  for (const name of await fs.readdir(dir).catch(() => [] as string[])) {
    const file = path.join(dir, name);
    if (stillNeeded.has(file)) continue;
    await fs.unlink(file).then(
      () => removed++,
      () => undefined,
    );
  }
  return removed;
}

/**
 * Local-folder servers only: their incoming data is the unfinished uploads. (A
 * blob server's collector also deletes shares whose leases expired, which is
 * wrong until RAIC renews the leases of every catalog file; it is not run.)
 */
export async function collectAbandonedUploads(servers: readonly StorageServer[], olderThanMs = ABANDONED_UPLOAD_AGE_MS): Promise<number> {
  let removed = 0;
  for (const server of servers) {
    if (!(server instanceof LocalFolderStorageServer)) continue;
    const result = await server.collectGarbage({ olderThanMs }).catch(() => ({ removedFiles: 0 }));
    removed += result.removedFiles;
  }
  return removed;
}
