/**
 * The work behind upload and download jobs. Both are safe to run again after
 * a crash: an upload is convergent (the same bytes give the same cap, and
 * shares already on a server are not sent again), and the catalog entry is
 * written only after every share is closed, so nothing is listed that is not
 * stored; a download writes beside its destination and renames at the end.
 */
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { downloadFile, fileByteSource, sharesWrittenPerServer, type UploadReport } from '../../engine/grid';
import { commitBatcherFor, normalizeCatalogPath, storeWithVersion, type Catalog, type ReleasedFile, type FileEntry, type SharePlacement } from '../catalog';
import { parseCap } from '../../engine/chk';
import type { JobContext } from '../jobs';
import type { OpenGrid } from '../../engine/grid/open-grid';
import { ApiError } from '../../shared/api';
import type { EncodingParams } from '../../engine/chk/api';
import { writeChunksAtomically } from './download-to-file';
import { uploadToGrid } from './upload-to-grid';
import { serversWithRoom, type AccountRoom } from './servers-with-room';
import { assessFile, type FileHealthAssessment } from '../health/classify';
import { uploadHoldSession } from '../gc/holds';
import type { ReleaseRef } from '../gc/release';

export interface UploadJobParams {
  /** The file on this machine. */
  source: string;
  /** Where it goes in the catalog. */
  target: string;
  /** A file RAIC received over HTTP and keeps in its staging folder: deleted once stored. */
  staged?: boolean;
  /** The file's modification time when the source's own is not it (a browser upload's staged copy), ms since the epoch. */
  modifiedAt?: number;
}

export interface DownloadJobParams {
  path: string;
  destination: string;
  overwrite?: boolean;
}

export interface TransferDeps {
  catalog: Catalog;
  openGrid(): Promise<OpenGrid>;
  /** Free space per account (cached quota figures), so no share is sent to an account that cannot hold it. */
  space?: UploadSpace;
  /** Gives up shares nothing references any more (service/gc): a failed upload's complete shares, a re-encoded file's old ones. */
  releaseFiles?(refs: readonly ReleaseRef[]): Promise<unknown>;
  /** Shares an upload stored on an account, so usage measured on the backends stays current until the next listing (service/gc). */
  noteStored?(accountId: string, bytes: number, shares: number): Promise<void>;
}

export interface UploadSpace {
  /** Asks the providers whose figures are stale (at most every few minutes each). */
  refresh(): Promise<void>;
  roomOf(accountId: string): AccountRoom | undefined;
  /** Shares an upload wrote to an account (`bytes` of share data in `shares` shares), taken off its free space until the provider is asked again. */
  noteWritten(accountId: string, bytes: number, shares: number): void;
}

export async function runUpload(params: UploadJobParams, ctx: JobContext, deps: TransferDeps): Promise<{ path: string; cap: string; size: number }> {
  try {
    normalizeCatalogPath(params.target);
  } catch (error) {
    throw Object.assign(new Error(`${params.target} is not a valid name in your RAIC files (${(error as Error).message}); nothing was stored.`), { permanent: true });
  }
  const source = await fileByteSource(params.source).catch((error: NodeJS.ErrnoException) => {
    throw Object.assign(new Error(error.code === 'ENOENT' ? `${params.source} no longer exists; nothing was stored.` : `${params.source} cannot be read (${error.code ?? error.message}).`), { permanent: true });
  });
  let report: UploadReport;
  let modifiedAt: number;
  let entry: FileEntry;
  let grid = await deps.openGrid();
  // The storage index is held from placement until the catalog lists it, so a release of the same content cannot take its shares.
  const holds = uploadHoldSession();
  try {
    try {
      if (deps.space) {
        await deps.space.refresh();
        grid = serversWithRoom(grid, source.size, (id) => deps.space?.roomOf(id));
      }
      // The time the opened file had (one fstat with its size), not a second stat of the path.
      modifiedAt = params.modifiedAt ?? source.modifiedAtMs;
      report = await uploadToGrid(grid, source, { signal: ctx.signal, onProgress: (done, total) => ctx.progress(done, total), beforePlacement: holds.take });
    } finally {
      await source.close();
    }
    // Side by side, not one account after another: each is a small bookkeeping step of its own.
    await Promise.all(
      sharesWrittenPerServer(report).map(({ serverId, bytes, shares }) => {
        deps.space?.noteWritten(serverId, bytes, shares);
        return deps.noteStored?.(serverId, bytes, shares).catch(() => undefined);
      }),
    );
    // What was at the path stays as an earlier version (catalog/versions.ts): its shares are released only when retention lets go of it.
    // Committed with the other uploads finishing now (catalog/commit-batcher.ts): one fsync per batch, and
    // the job is done only once the batch is on disk, after every share of the file was closed.
    const encoding = grid.encoding;
    const sourceModifiedAt = Math.round(modifiedAt);
    // Atomic: recordUpload writes only inside storeWithVersion's one transaction (a savepoint of the batch).
    entry = await commitBatcherFor(deps.catalog).run(() => recordUpload(deps.catalog, report, encoding, params.target, sourceModifiedAt), { atomic: true });
  } catch (error) {
    holds.releaseAll();
    // A failed or cancelled upload may have closed some shares: give them back unless something else references them.
    await releaseQuietly(deps, holds.taken().map((storageIndex) => ({ storageIndex })));
    throw error;
  }
  holds.releaseAll();
  // The entry's health was judged from the report when it was recorded; only a file short of it needs the words.
  const shortfall = entry.health === 'healthy' ? undefined : shareShortfall(report, grid.encoding);
  if (shortfall) {
    // Stored, and readable, but with less protection than asked for: say so now, not at the next check.
    deps.catalog.addEvent({ kind: 'upload-degraded', severity: 'warning', message: `${entry.path} was stored with ${shortfall}.`, filePath: entry.path });
  }
  if (params.staged) await fs.unlink(params.source).catch(() => undefined);
  return { path: entry.path, cap: entry.cap, size: entry.size };
}

/** Releases shares without failing the job that frees them: what stays is released by `raic gc` later. */
export async function releaseQuietly(deps: Pick<TransferDeps, 'releaseFiles'>, refs: readonly ReleaseRef[]): Promise<void> {
  if (!deps.releaseFiles || refs.length === 0) return;
  await deps.releaseFiles(refs).catch(() => undefined);
}

/** Lists a stored file in the catalog; what was at the same path stays as a previous version (catalog/versions.ts). */
export function recordUpload(catalog: Catalog, report: UploadReport, encoding: EncodingParams, target: string, sourceModifiedAt: number | null): FileEntry {
  return recordStored(catalog, report, encoding, target, sourceModifiedAt).entry;
}

/** recordUpload with the choice to keep what it replaces as a version (re-encoding does not) and what the catalog let go of. */
export function recordStored(
  catalog: Catalog,
  report: UploadReport,
  encoding: EncodingParams,
  target: string,
  sourceModifiedAt: number | null,
  options: { keepVersion?: boolean } = {},
): { entry: FileEntry; released: ReleasedFile[] } {
  const placements = placementsOf(report);
  return storeWithVersion(catalog, {
      path: target,
      size: report.fileSize,
      cap: report.cap,
      verifyCap: report.verifyCap,
      storageIndex: report.storageIndex,
      encoding: { needed: encoding.needed, happy: encoding.happy, total: encoding.total, segmentSize: encoding.maxSegmentSize },
      shareSize: report.shareSize,
      sourceModifiedAt,
      placements,
      health: uploadHealth(report, encoding, placements),
  }, options);
}

/**
 * Why an upload is short of full protection, in words, or undefined when it
 * is healthy. Happiness can be met with fewer than `total` shares (a share
 * whose account filled up or went away mid-upload); such a file is judged
 * exactly as a check would judge it (classify.ts), so the listing and a
 * check never disagree, and it stays degraded until a repair places the rest.
 */
export function shareShortfall(report: UploadReport, encoding: EncodingParams): string | undefined {
  const assessment = uploadAssessment(report, encoding);
  if (!assessment || assessment.health === 'healthy') return undefined;
  const missing = encoding.total - assessment.distinctGoodShares;
  const why = missing > 0 ? `${missing} could not be placed: an account was full or offline` : 'too few accounts took them';
  return `${assessment.distinctGoodShares} of its ${encoding.total} shares (${why}); RAIC repairs it once there is room`;
}

/**
 * The health an upload's entry is listed with: as a check would judge its
 * shares (classify.ts, whose quick answer covers the usual complete upload).
 */
export function uploadHealth(report: Pick<UploadReport, 'storageIndex'>, encoding: Pick<EncodingParams, 'needed' | 'happy' | 'total'>, placements: readonly SharePlacement[]): FileEntry['health'] {
  if (report.storageIndex === null) return 'healthy';
  return assessPlacements(encoding, placements).health;
}

/** The upload's shares as a check would judge them; undefined for a literal file (nothing stored). */
function uploadAssessment(report: UploadReport, encoding: EncodingParams): FileHealthAssessment | undefined {
  if (report.storageIndex === null) return undefined;
  return assessPlacements(encoding, placementsOf(report));
}

function assessPlacements(encoding: Pick<EncodingParams, 'needed' | 'happy' | 'total'>, placements: readonly SharePlacement[]): FileHealthAssessment {
  const shares: Record<string, number[]> = {};
  for (const p of placements) (shares[p.accountId] ??= []).push(p.shareNumber);
  return assessFile({ needed: encoding.needed, happy: encoding.happy, total: encoding.total }, shares);
}

export function placementsOf(report: Pick<UploadReport, 'uploaded' | 'alreadyPresent'>): SharePlacement[] {
  const seen = new Set<string>();
  const placements: SharePlacement[] = [];
  for (const group of [...report.uploaded, ...report.alreadyPresent]) {
    for (const shareNumber of group.shareNumbers) {
      const key = `${group.serverId}/${shareNumber}`;
      if (seen.has(key)) continue;
      seen.add(key);
      placements.push({ accountId: group.serverId, shareNumber });
    }
  }
  return placements;
}

export async function runDownload(params: DownloadJobParams, ctx: JobContext, deps: TransferDeps): Promise<{ destination: string; size: number }> {
  const entry = requireFile(deps.catalog, params.path);
  const damaged = damagedEntryProblem(entry);
  if (damaged) throw Object.assign(new Error(damaged), { permanent: true });
  if (!params.overwrite) {
    const exists = await fs.lstat(params.destination).then(
      () => true,
      () => false,
    );
    if (exists) throw Object.assign(new Error(`${params.destination} already exists; choose another name or allow overwriting.`), { permanent: true });
  }
  await fs.mkdir(path.dirname(params.destination), { recursive: true });
  const grid = await deps.openGrid();
  const chunks = downloadFile(grid.servers, entry.cap, { onProgress: (done, total) => ctx.progress(done, total) });
  await writeChunksAtomically(abortable(chunks, ctx.signal), params.destination);
  return { destination: params.destination, size: entry.size };
}

/** Why a catalog entry cannot be used (its cap does not parse), in words; undefined when it is intact. Retrying never helps. */
export function damagedEntryProblem(entry: Pick<FileEntry, 'path' | 'cap'>): string | undefined {
  try {
    parseCap(entry.cap);
    return undefined;
  } catch {
    return `The catalog entry of ${entry.path} is damaged (its cap cannot be read); restore the catalog from the recovery key.`;
  }
}

export function requireFile(catalog: Catalog, filePath: string): FileEntry {
  const entry = catalog.getFile(filePath);
  if (!entry) throw new ApiError('not_found', `There is no file ${filePath} in your RAIC files.`);
  return entry;
}

async function* abortable(chunks: AsyncGenerator<Uint8Array>, signal: AbortSignal): AsyncGenerator<Uint8Array> {
  try {
    for await (const chunk of chunks) {
      if (signal.aborted) throw Object.assign(new Error('The download was cancelled.'), { name: 'AbortError' });
      yield chunk;
    }
  } finally {
    await chunks.return(undefined);
  }
}

export interface UploadPlan {
  /** Every regular file under the sources, with its catalog path. */
  files: { source: string; target: string; size: number }[];
  /** The catalog paths of folders under the sources that have nothing in them. */
  emptyFolders: string[];
}

/** What the given sources hold, with catalog paths under `folder` (folders keep their own name and tree); links are skipped. */
export async function planUploadSources(sources: readonly string[], folder: string): Promise<UploadPlan> {
  const found: UploadPlan['files'] = [];
  const emptyFolders: string[] = [];
  const join = (a: string, b: string) => (a === '/' ? `/${b}` : `${a}/${b}`);
  const walk = async (source: string, target: string): Promise<void> => {
    const stat = await fs.lstat(source).catch((error: NodeJS.ErrnoException) => {
      throw new ApiError('invalid_input', `sources: ${source} ${error.code === 'ENOENT' ? 'does not exist' : `cannot be read (${error.code})`}.`, 'sources');
    });
    if (stat.isSymbolicLink()) return; // a link could lead outside what the user chose, or loop
    if (stat.isFile()) {
      if (stat.size === 0 && !(await isReallyEmpty(source))) {
        throw new ApiError(
          'invalid_input',
          `sources: ${source} says it is empty but has content (a generated file, like those in /proc or /sys); copy it to a regular file first and upload the copy.`,
          'sources',
        );
      }
      // Checked now, not after the upload: a name the catalog refuses would otherwise cost a full upload per retry.
      try {
        found.push({ source, target: normalizeCatalogPath(target), size: stat.size });
      } catch (error) {
        throw new ApiError('invalid_input', `sources: ${source} cannot be stored under that name (${(error as Error).message}); rename it first.`, 'sources');
      }
      return;
    }
    if (!stat.isDirectory()) return;
    const names = await fs.readdir(source);
    if (names.length === 0) {
      try {
        emptyFolders.push(normalizeCatalogPath(target));
      } catch (error) {
        throw new ApiError('invalid_input', `sources: ${source} cannot be a folder under that name (${(error as Error).message}); rename it first.`, 'sources');
      }
    }
    names.sort();
    for (const name of names) await walk(path.join(source, name), join(target, name));
  };
  for (const source of sources) await walk(path.resolve(source), join(folder, path.basename(path.resolve(source))));
  return { files: found, emptyFolders };
}

/** Every regular file under the given sources, with its catalog path under `folder` (see planUploadSources). */
export async function expandUploadSources(sources: readonly string[], folder: string): Promise<UploadPlan['files']> {
  return (await planUploadSources(sources, folder)).files;
}

/** Files of /proc and /sys report size 0 and have content: uploading by the size would store them empty. */
async function isReallyEmpty(file: string): Promise<boolean> {
  const handle = await fs.open(file, 'r').catch(() => undefined);
  if (!handle) return true; // unreadable: the upload job says so in its own words
  try {
    const { bytesRead } = await handle.read(Buffer.alloc(1), 0, 1, 0);
    return bytesRead === 0;
  } finally {
    await handle.close();
  }
}
