/**
 * What the crash test checks after each kill, on the killed process's data
 * dir: the catalog file is intact, every listed file reads back with the
 * right bytes, interrupted work completes once the service runs again, and
 * the partial shares the killed uploads left in incoming/ are collected.
 */
import { promises as fs } from 'node:fs';
import path from 'node:path';
import Database from '../../service/catalog/sqlite';
import { downloadFile } from '../../engine/grid';
import { LocalFolderStorageServer } from '../../engine/storage/local';
import { RaicService } from '../../service/raic-service';

export interface ReadAudit {
  listed: number;
  /** Listed but unreadable, or read back with other bytes than the source: data loss. */
  lost: string[];
}

/** PRAGMA integrity_check on the raw file, before RAIC opens it (and before anything could repair it). */
export function catalogIntegrity(dataDir: string): string {
  const db = new Database(path.join(dataDir, 'catalog.sqlite'));
  try {
    const rows = db.pragma('integrity_check') as { integrity_check: string }[];
    return rows.map((r) => r.integrity_check).join('; ');
  } finally {
    db.close();
  }
}

/** Reads every listed file through the engine and compares it with the source of the same name. */
export async function readEveryListedFile(service: RaicService, expected: ReadonlyMap<string, Buffer>): Promise<ReadAudit> {
  const grid = await service.openGrid();
  const lost: string[] = [];
  const files = service.catalog.allFiles();
  for (const file of files) {
    const want = expected.get(path.posix.basename(file.path));
    try {
      const parts: Uint8Array[] = [];
      for await (const chunk of downloadFile(grid.servers, file.cap)) parts.push(chunk);
      const got = Buffer.concat(parts);
      if (!want || !got.equals(want)) lost.push(`${file.path}: ${want ? `${got.length} bytes differ from the source's ${want.length}` : 'no such source file'}`);
    } catch (error) {
      lost.push(`${file.path}: unreadable (${(error as Error).message})`);
    }
  }
  return { listed: files.length, lost };
}

/** Source names that are not listed anywhere in the catalog (after the work was allowed to finish). */
export function missingSources(service: RaicService, expected: ReadonlyMap<string, Buffer>): string[] {
  const listed = new Set(service.catalog.allFiles().map((f) => path.posix.basename(f.path)));
  return [...expected.keys()].filter((name) => !listed.has(name));
}

/**
 * Files under every local folder's incoming/ directory: partial shares of unfinished uploads.
 * With `modifiedBefore` (ms since the epoch), only those last written before then: what an
 * earlier process left, not the live uploads of the one running now.
 */
export async function countIncomingFiles(dataDir: string, options: { modifiedBefore?: number } = {}): Promise<number> {
  const root = path.join(dataDir, 'local-storage');
  let count = 0;
  for (const folder of await fs.readdir(root).catch(() => [] as string[])) {
    const incoming = path.join(root, folder, 'incoming');
    const entries = await fs.readdir(incoming, { recursive: true, withFileTypes: true }).catch(() => []);
    for (const entry of entries) {
      if (!entry.isFile()) continue;
      if (options.modifiedBefore === undefined) count++;
      else {
        const info = await fs.stat(path.join(entry.parentPath, entry.name)).catch(() => undefined);
        if (info && info.mtimeMs < options.modifiedBefore) count++;
      }
    }
  }
  return count;
}

/**
 * Collects abandoned incoming data now, whatever its age. The service's own
 * collection at startBackground only removes data older than a day, so right
 * after a crash it leaves everything in place.
 */
export async function collectIncomingNow(service: RaicService): Promise<number> {
  let removed = 0;
  for (const server of (await service.openGrid()).servers) {
    if (server instanceof LocalFolderStorageServer) removed += (await server.collectGarbage({ olderThanMs: 0 })).removedFiles;
  }
  return removed;
}

/** Jobs the killed process left queued or running, by state. */
export async function pendingJobs(service: RaicService): Promise<number> {
  return (await service.listJobs({ states: ['queued', 'running'] })).length;
}

/** Jobs that ended failed or cancelled: an interrupted upload must be retried to completion instead. */
export async function unfinishedJobs(service: RaicService): Promise<string[]> {
  return (await service.listJobs({ states: ['failed', 'cancelled', 'queued', 'running'] })).map((j) => `${j.title}: ${j.state} ${j.error ?? ''}`);
}

/** Resolves, or rejects after ms: a resumed job that never ends must fail the run, not hang the suite. */
export function within<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => (timer = setTimeout(() => reject(new Error(`${what} took longer than ${ms} ms`)), ms)));
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}
