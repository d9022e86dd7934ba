/**
 * Re-encoding a stored file with the grid's current encoding: its plaintext
 * is read back from the grid (hash-checked as any download) and stored again,
 * giving a new cap that replaces the old one in the catalog (not kept as a
 * version: the same content in another encoding); the old shares are then
 * released (service/gc). Nothing is lost if the job stops halfway.
 */
import { downloadByteSource } from '../../engine/grid';
import type { JobContext } from '../jobs';
import { recordStored, releaseQuietly, type TransferDeps } from './transfers';
import { uploadHoldSession } from '../gc/holds';
import { uploadToGrid } from './upload-to-grid';

export interface ReencodeJobParams {
  path: string;
  /** The cap the file had when the job was queued; a file replaced since is left alone. */
  cap: string;
}

export async function runReencode(params: ReencodeJobParams, ctx: JobContext, deps: TransferDeps): Promise<{ path: string; cap: string; skipped?: string }> {
  const entry = deps.catalog.getFile(params.path);
  if (!entry || entry.cap !== params.cap) return { path: params.path, cap: params.cap, skipped: 'the file was changed or removed since the job was queued' };
  const grid = await deps.openGrid();
  const { needed, total } = grid.encoding;
  if (entry.encoding.needed === needed && entry.encoding.total === total) return { path: entry.path, cap: entry.cap, skipped: 'already in the current encoding' };
  const source = downloadByteSource(grid.servers, entry.cap, entry.size);
  const holds = uploadHoldSession();
  let report;
  try {
    report = await uploadToGrid(grid, source, { signal: ctx.signal, onProgress: (done, total) => ctx.progress(done, total), beforePlacement: holds.take });
    const current = deps.catalog.getFile(params.path);
    if (!current || current.cap !== params.cap) {
      holds.releaseAll();
      await releaseQuietly(deps, [{ storageIndex: report.storageIndex }]);
      return { path: params.path, cap: report.cap, skipped: 'the file was changed while it was re-encoded' };
    }
    recordStored(deps.catalog, report, grid.encoding, entry.path, entry.sourceModifiedAt, { keepVersion: false });
  } catch (error) {
    holds.releaseAll();
    await releaseQuietly(deps, holds.taken().map((storageIndex) => ({ storageIndex })));
    throw error;
  } finally {
    holds.releaseAll();
    await source.close();
  }
  // The old encoding's shares are no longer listed: give them back now (another path with the same content keeps them).
  if (entry.storageIndex !== report.storageIndex) await releaseQuietly(deps, [{ storageIndex: entry.storageIndex, path: entry.path }]);
  return { path: entry.path, cap: report.cap };
}
