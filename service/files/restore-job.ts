/**
 * The desktop app's "Download folder" and "Restore everything": a job that
 * runs the folder restore (./restore-folder), so it shows in the transfers
 * list with files and bytes done, rate and time left, can be cancelled, and picks up where
 * it stopped after a restart (identical files are skipped on the next run).
 */
import type { JobContext } from '../jobs';
import type { TransferDeps } from './transfers';
import { restoreFolder, type RestoreConflictPolicy, type RestoreFolderResult } from './restore-folder';
import { ApiError } from '../../shared/api';

export interface RestoreJobParams {
  folder: string;
  destination: string;
  conflict?: RestoreConflictPolicy;
}

export async function runRestore(params: RestoreJobParams, ctx: JobContext, deps: TransferDeps): Promise<RestoreFolderResult> {
  const grid = await deps.openGrid();
  let result: RestoreFolderResult;
  try {
    result = await restoreFolder(deps.catalog, grid.servers, {
      folder: params.folder,
      destination: params.destination,
      conflict: params.conflict,
      conflictHint: 'Choose another folder (an empty one is safest), or move those files away and restore again.',
      signal: ctx.signal,
      onProgress: (progress) => {
        ctx.progressFiles?.(progress.filesDone, progress.filesTotal);
        ctx.progress(progress.bytesDone, progress.bytesTotal);
      },
    });
  } catch (error) {
    // A conflict, a full disk or a missing folder: trying again would meet the same; the user acts first.
    if (error instanceof ApiError) throw Object.assign(error, { permanent: true });
    throw error;
  }
  if (result.failed.length > 0) {
    const shown = result.failed.slice(0, 3).map((failure) => failure.path);
    const more = result.failed.length > shown.length ? ` and ${result.failed.length - shown.length} more` : '';
    throw Object.assign(
      new Error(`${result.failed.length} of ${result.filesTotal} files could not be read from your accounts: ${shown.join(', ')}${more}. The other files were restored into ${result.destination}.`),
      { permanent: true },
    );
  }
  return result;
}
