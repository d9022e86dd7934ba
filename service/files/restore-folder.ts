/**
 * Restoring a catalog folder into a folder on this machine, shared by
 * `raic get` and the desktop app's "Download folder" (a job). A few files at
 * a time (SMALL_RESTORE_CONCURRENCY small ones, RESTORE_CONCURRENCY bigger
 * ones), each streamed from the grid into a temporary name beside its target
 * and renamed when complete (./download-to-file, ./write-small-file), so
 * memory stays bounded by a few downloads' segments and the plan's light
 * rows whatever the tree, and an interrupted restore leaves only whole
 * files: run again, those are found identical and skipped.
 *
 * - Conflicts are settled before anything is written (./restore-plan).
 * - A file the grid cannot give back is listed in the result and the others
 *   still restore.
 * - A full disk (or a read-only one) stops the restore: the files in flight
 *   are stopped, their partial files removed, and the error says how far it got.
 */
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { downloadFile, downloadSmallFile } from '../../engine/grid';
import type { StorageServer } from '../../engine/storage/types';
import { ApiError } from '../../shared/api';
import type { Catalog } from '../catalog';
import { etaSeconds, RateMeter } from '../jobs/rate-meter';
import { writeChunksAtomically } from './download-to-file';
import { writeSmallFileAtomically } from './write-small-file';
import { blockedRefusal, conflictRefusal, destinationState, planRestore, type DestinationState, type RestoreConflictPolicy, type RestoreItem } from './restore-plan';
import { foldersHoldingNothing, removeStalePartials, sameContents } from './restore-files';

export type { RestoreConflictPolicy };

export interface RestoreProgress {
  filesDone: number;
  filesTotal: number;
  bytesDone: number;
  bytesTotal: number;
  /** Bytes per second over the last few seconds; null until there is enough to tell. */
  rate: number | null;
  /** Files per second over the last few seconds; null until there is enough to tell. */
  filesRate: number | null;
  etaSeconds: number | null;
  /** The catalog path being restored now (the latest begun of those in flight), if any. */
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
  /** Called as files and bytes come in: at every file finished, and at most every PROGRESS_INTERVAL_MS in between. */
  onProgress?(progress: RestoreProgress): void;
  /** Files restored at once (SMALL_RESTORE_CONCURRENCY unless told; files over 1 MiB never more than RESTORE_CONCURRENCY). */
  concurrency?: number;
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
  /** Files the grid could not give back, with why, in path order; the rest were restored. */
  failed: { path: string; error: string }[];
}

/** Errors of the local disk that would fail every following file as well: the restore stops on them. */
const STOPPING_CODES = new Set(['ENOSPC', 'EDQUOT', 'EROFS', 'EIO']);

/**
 * Small files cost waits, not work (share lookups on every account, reads,
 * one fsync each): several in flight keep the disk and the CPU busy, and the
 * journal commits the fsyncs of files in flight together. Files of up to
 * ONE_WRITE_MAX_BYTES cost at most that much memory each, so more of them
 * are in flight (SMALL_RESTORE_CONCURRENCY, about 24 MiB at most); bigger
 * files grow memory by one download's few segments each and stay at
 * RESTORE_CONCURRENCY at once.
 */
export const RESTORE_CONCURRENCY = 8;
export const SMALL_RESTORE_CONCURRENCY = 24;
const PROGRESS_INTERVAL_MS = 200;

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
  const filesMeter = new RateMeter();
  let filesDone = items.identical.length + items.kept.length;
  let bytesDone = [...items.identical, ...items.kept].reduce((sum, item) => sum + item.entry.size, 0);
  /** Bytes of the files in flight so far. */
  const inFlight = new Map<RestoreItem, number>();
  let current: string | null = null;
  let lastReport = -Infinity;
  const report = (force: boolean) => {
    const at = now();
    if (!force && at - lastReport < PROGRESS_INTERVAL_MS) return;
    lastReport = at;
    let partial = 0;
    for (const done of inFlight.values()) partial += done;
    meter.record(at, bytesDone + partial);
    filesMeter.record(at, filesDone);
    const rate = meter.rate(at);
    options.onProgress?.({
      filesDone,
      filesTotal: plan.items.length,
      bytesDone: bytesDone + partial,
      bytesTotal: plan.totalBytes,
      rate,
      filesRate: filesMeter.rate(at),
      etaSeconds: etaSeconds(bytesDone + partial, plan.totalBytes, rate),
      current,
    });
  };

  if (plan.kind === 'folder') await fs.mkdir(destination, { recursive: true });
  for (const folder of plan.emptyFolders) await fs.mkdir(folder, { recursive: true });
  await removeStalePartials(new Set(items.toWrite.map((item) => path.dirname(item.local))));
  report(true);

  // A disk that fails stops every file in flight (each removes its partial file) before the restore reports it.
  const stopper = new AbortController();
  const signal = options.signal ? AbortSignal.any([options.signal, stopper.signal]) : stopper.signal;
  let stoppedBy: { error: NodeJS.ErrnoException; item: RestoreItem } | undefined;
  const folders = new FolderMaker();
  const workers = Math.max(1, options.concurrency ?? SMALL_RESTORE_CONCURRENCY);
  const largeSlots = new Slots(Math.min(workers, RESTORE_CONCURRENCY));
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < items.toWrite.length && !signal.aborted) {
      const item = items.toWrite[next++]!;
      const large = item.entry.size > ONE_WRITE_MAX_BYTES;
      if (large) await largeSlots.take();
      if (signal.aborted) {
        if (large) largeSlots.give();
        break;
      }
      inFlight.set(item, 0);
      current = item.entry.path;
      try {
        await restoreOne(item, servers, signal, folders, (done) => {
          inFlight.set(item, done);
          report(false);
        });
        result.restored++;
        result.bytesRestored += item.entry.size;
      } catch (error) {
        if (signal.aborted) continue; // cancelled, or stopped by another file's disk error: not this file's failure
        const code = (error as NodeJS.ErrnoException).code;
        if (code && STOPPING_CODES.has(code)) {
          stoppedBy = { error: error as NodeJS.ErrnoException, item };
          stopper.abort();
          continue;
        }
        result.failed.push({ path: item.entry.path, error: (error as Error).message });
      } finally {
        inFlight.delete(item);
        if (large) largeSlots.give();
      }
      filesDone++;
      bytesDone += item.entry.size;
      report(true);
    }
  };
  await Promise.all(Array.from({ length: Math.min(workers, items.toWrite.length) }, worker));
  if (stoppedBy) throw stopped(stoppedBy.error, stoppedBy.item, result);
  if (options.signal?.aborted) throw abortError();
  result.failed.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  current = null;
  report(true);
  return result;
}

/** At most `limit` holders at once; take() waits for a free slot, in order of asking. */
class Slots {
  private free: number;
  private readonly waiting: (() => void)[] = [];

  constructor(limit: number) {
    this.free = limit;
  }

  async take(): Promise<void> {
    if (this.free > 0) {
      this.free--;
      return;
    }
    await new Promise<void>((resolve) => this.waiting.push(resolve));
  }

  give(): void {
    const nextHolder = this.waiting.shift();
    if (nextHolder) nextHolder();
    else this.free++;
  }
}

/** Creates each destination folder once, however many files go into it. */
class FolderMaker {
  private readonly made = new Map<string, Promise<unknown>>();

  make(folder: string): Promise<unknown> {
    let making = this.made.get(folder);
    if (!making) {
      making = fs.mkdir(folder, { recursive: true });
      // A failure (a full disk, say) is not remembered: the next file tries again.
      making.catch(() => this.made.delete(folder));
      this.made.set(folder, making);
    }
    return making;
  }
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
  // Looking at the destinations: nothing to look at in a folder that is missing or empty, else a stat each, a few at once.
  const empty = await foldersHoldingNothing(items.map((item) => path.dirname(item.local)), STAT_CONCURRENCY);
  const absent: DestinationState = { kind: 'absent' };
  const states = await mapBounded(items, STAT_CONCURRENCY, async (item) => {
    if (signal?.aborted) throw abortError();
    return empty.has(path.dirname(item.local)) ? absent : destinationState(item);
  });
  for (const [index, item] of items.entries()) {
    if (signal?.aborted) throw abortError();
    const state = states[index]!;
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

const STAT_CONCURRENCY = 16;

/** `work` over every item, at most `limit` at once; results in the items' order. */
async function mapBounded<T, R>(items: readonly T[], limit: number, work: (item: T) => Promise<R>): Promise<R[]> {
  const results: R[] = new Array<R>(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const index = next++;
      results[index] = await work(items[index]!);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return results;
}

/** Files up to this size are gathered in memory and written with one write (a download yields a piece per block). */
const ONE_WRITE_MAX_BYTES = 1 << 20;

async function restoreOne(item: RestoreItem, servers: readonly StorageServer[], signal: AbortSignal, folders: FolderMaker, onBytes: (done: number) => void): Promise<void> {
  await folders.make(path.dirname(item.local));
  if (item.entry.size <= ONE_WRITE_MAX_BYTES) {
    // Whole in memory, then one write: no stream of chunks to pass along, and the first servers asked first (see downloadSmallFile).
    const pieces = await downloadSmallFile(servers, item.entry.cap);
    if (signal.aborted) throw abortError();
    await writeSmallFileAtomically(pieces, item.local, item.entry.sourceModifiedAt);
    return;
  }
  const chunks = stopOnAbort(downloadFile(servers, item.entry.cap, { onProgress: (done) => onBytes(done) }), signal);
  await writeChunksAtomically(chunks, item.local, { modifiedAt: item.entry.sourceModifiedAt });
}

async function setModifiedTime(item: RestoreItem): Promise<void> {
  const modifiedAt = item.entry.sourceModifiedAt;
  if (modifiedAt === null) return;
  const seconds = modifiedAt / 1000;
  await fs.utimes(item.local, seconds, seconds);
}

async function* stopOnAbort(chunks: AsyncGenerator<Uint8Array>, signal: AbortSignal): AsyncGenerator<Uint8Array> {
  try {
    for await (const chunk of chunks) {
      if (signal.aborted) throw abortError();
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
    `The restore stopped at ${item.entry.path}: ${why}. ${result.restored} file${result.restored === 1 ? ' was' : 's were'} restored` +
      `${result.identical > 0 ? ` (${result.identical} already there)` : ''}; unfinished files were removed. Free some space (or choose another folder) and run it again: restored files are skipped.`,
  );
}
