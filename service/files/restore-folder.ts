/**
 * Restoring a catalog folder into a folder on this machine, shared by
 * `raic get` and the desktop app's "Download folder" (a job). One file at a
 * time, streamed from the grid into a temporary name beside its target and
 * renamed when complete (./download-to-file), so memory stays bounded by the
 * download's few segments whatever the tree, and an interrupted restore
 * leaves only whole files: run again, those are found identical and skipped.
 *
 * - Conflicts are settled before anything is written (./restore-plan).
 * - A file the grid cannot give back is listed in the result and the others
 *   still restore.
 * - A full disk (or a read-only one) stops the restore: the partial file is
 *   removed and the error says how far it got.
 */
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { downloadFile } from '../../engine/grid';
import type { StorageServer } from '../../engine/storage/types';
import { ApiError } from '../../shared/api';
import type { Catalog } from '../catalog';
import { etaSeconds, RateMeter } from '../jobs/rate-meter';
import { writeChunksAtomically } from './download-to-file';
import { blockedRefusal, conflictRefusal, destinationState, planRestore, type RestoreConflictPolicy, type RestoreItem } from './restore-plan';
import { removeStalePartials, sameContents } from './restore-files';

export type { RestoreConflictPolicy };

export interface RestoreProgress {
  filesDone: number;
  filesTotal: number;
  bytesDone: number;
  bytesTotal: number;
  /** Bytes per second over the last few seconds; null until there is enough to tell. */
  rate: number | null;
  etaSeconds: number | null;
  /** The catalog path being restored now, if any. */
  current: string | null;
}

export interface RestoreFolderOptions {
  /** Catalog folder to restore ('/' for everything). */
  folder: string;
  /** Local folder that will hold the folder's contents (created if missing). */
  destination: string;
  conflict?: RestoreConflictPolicy;
  /** The way out a refusal of differing files offers (the command line's flags unless told). */
  conflictHint?: string;
  signal?: AbortSignal;
  onProgress?(progress: RestoreProgress): void;
  now?: () => number;
}

export interface RestoreFolderResult {
  folder: string;
  destination: string;
  filesTotal: number;
  bytesTotal: number;
  /** Written now. */
  restored: number;
  bytesRestored: number;
  /** Already there and identical. */
  identical: number;
  /** Different at the destination and kept, as --skip asked. */
  keptDifferent: number;
  /** Files the grid could not give back, with why; the rest were restored. */
  failed: { path: string; error: string }[];
}

/** Errors of the local disk that would fail every following file as well: the restore stops on them. */
const STOPPING_CODES = new Set(['ENOSPC', 'EDQUOT', 'EROFS', 'EIO']);

export async function restoreFolder(catalog: Catalog, servers: readonly StorageServer[], options: RestoreFolderOptions): Promise<RestoreFolderResult> {
  const policy = options.conflict ?? 'refuse';
  const now = options.now ?? Date.now;
  const destination = path.resolve(options.destination);
  const plan = planRestore(catalog, options.folder, destination);
  const items = await settleDestinations(plan.items, policy, servers, options.signal, options.conflictHint);

  const result: RestoreFolderResult = {
    folder: plan.folder,
    destination,
    filesTotal: plan.items.length,
    bytesTotal: plan.totalBytes,
    restored: 0,
    bytesRestored: 0,
    identical: items.identical.length,
    keptDifferent: items.kept.length,
    failed: [],
  };
  const meter = new RateMeter();
  let filesDone = items.identical.length + items.kept.length;
  let bytesDone = [...items.identical, ...items.kept].reduce((sum, item) => sum + item.entry.size, 0);
  const report = (current: string | null, inFile = 0) => {
    const at = now();
    meter.record(at, bytesDone + inFile);
    const rate = meter.rate(at);
    options.onProgress?.({
      filesDone,
      filesTotal: plan.items.length,
      bytesDone: bytesDone + inFile,
      bytesTotal: plan.totalBytes,
      rate,
      etaSeconds: etaSeconds(bytesDone + inFile, plan.totalBytes, rate),
      current,
    });
  };

  if (plan.kind === 'folder') await fs.mkdir(destination, { recursive: true });
  for (const folder of plan.emptyFolders) await fs.mkdir(folder, { recursive: true });
  await removeStalePartials(new Set(items.toWrite.map((item) => path.dirname(item.local))));
  report(null);
  for (const item of items.toWrite) {
    if (options.signal?.aborted) throw abortError();
    report(item.entry.path);
    try {
      await restoreOne(item, servers, options.signal, (done) => report(item.entry.path, done));
      result.restored++;
      result.bytesRestored += item.entry.size;
    } catch (error) {
      if (options.signal?.aborted) throw abortError();
      const code = (error as NodeJS.ErrnoException).code;
      if (code && STOPPING_CODES.has(code)) throw stopped(error as NodeJS.ErrnoException, item, result);
      result.failed.push({ path: item.entry.path, error: (error as Error).message });
    }
    filesDone++;
    bytesDone += item.entry.size;
  }
  report(null);
  return result;
}

/** Sorts the plan's files into those to write, those already identical and those kept as --skip asks; refuses conflicts. */
async function settleDestinations(
  items: readonly RestoreItem[],
  policy: RestoreConflictPolicy,
  servers: readonly StorageServer[],
  signal: AbortSignal | undefined,
  conflictHint: string | undefined,
): Promise<{ toWrite: RestoreItem[]; identical: RestoreItem[]; kept: RestoreItem[] }> {
  const toWrite: RestoreItem[] = [];
  const identical: RestoreItem[] = [];
  const kept: RestoreItem[] = [];
  const conflicts: { item: RestoreItem; why: string }[] = [];
  const blocked: { item: RestoreItem; why: string }[] = [];
  for (const item of items) {
    if (signal?.aborted) throw abortError();
    const state = await destinationState(item);
    if (state.kind === 'absent') toWrite.push(item);
    else if (state.kind === 'same') identical.push(item);
    else if (state.kind === 'blocked') blocked.push({ item, why: state.why });
    else if (policy === 'overwrite') toWrite.push(item);
    else if (item.entry.size === (await fs.stat(item.local)).size && (await sameContents(item.local, downloadFile(servers, item.entry.cap)).catch(() => false))) {
      // Same bytes under another time (or none recorded): identical; give it the recorded time.
      await setModifiedTime(item);
      identical.push(item);
    } else if (policy === 'skip') kept.push(item);
    else conflicts.push({ item, why: state.why });
  }
  if (blocked.length > 0) throw blockedRefusal(blocked);
  if (conflicts.length > 0) throw conflictRefusal(conflicts, conflictHint);
  return { toWrite, identical, kept };
}

async function restoreOne(item: RestoreItem, servers: readonly StorageServer[], signal: AbortSignal | undefined, onBytes: (done: number) => void): Promise<void> {
  await fs.mkdir(path.dirname(item.local), { recursive: true });
  const chunks = downloadFile(servers, item.entry.cap, { onProgress: (done) => onBytes(done) });
  await writeChunksAtomically(stopOnAbort(chunks, signal), item.local);
  await setModifiedTime(item);
}

async function setModifiedTime(item: RestoreItem): Promise<void> {
  const modifiedAt = item.entry.sourceModifiedAt;
  if (modifiedAt === null) return;
  const seconds = modifiedAt / 1000;
  await fs.utimes(item.local, seconds, seconds);
}

async function* stopOnAbort(chunks: AsyncGenerator<Uint8Array>, signal: AbortSignal | undefined): AsyncGenerator<Uint8Array> {
  try {
    for await (const chunk of chunks) {
      if (signal?.aborted) throw abortError();
      yield chunk;
    }
  } finally {
    await chunks.return(undefined);
  }
}

function abortError(): Error {
  return Object.assign(new Error('The restore was cancelled; files already restored stay, run it again to finish.'), { name: 'AbortError' });
}

function stopped(error: NodeJS.ErrnoException, item: RestoreItem, result: RestoreFolderResult): ApiError {
  const why =
    error.code === 'ENOSPC' || error.code === 'EDQUOT'
      ? 'the destination disk is full'
      : error.code === 'EROFS'
        ? 'the destination is read-only'
        : 'the destination disk reported an input/output error';
  return new ApiError(
    'unavailable',
    `The restore stopped at ${item.entry.path}: ${why}. ${result.restored} file${result.restored === 1 ? '' : 's'} were restored` +
      `${result.identical > 0 ? ` (${result.identical} already there)` : ''}; the unfinished file was removed. Free some space (or choose another folder) and run it again: restored files are skipped.`,
  );
}
