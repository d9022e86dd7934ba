/**
 * The service's kinds of background job and the params each one takes: the
 * type `submit(kind, params)` and the handlers are checked against, so a
 * job cannot be queued with another kind's params.
 */
import type { JobHandlers } from '../jobs';
import { runReencode, type ReencodeJobParams } from './reencode';
import { runRestore, type RestoreJobParams } from './restore-job';
import { runDownload, runUpload, type DownloadJobParams, type TransferDeps, type UploadJobParams } from './transfers';

export interface JobKinds {
  /** Stores a file from this machine (or the staging folder) in the grid. */
  upload: UploadJobParams;
  /** Writes a file from the grid to a path on this machine. */
  download: DownloadJobParams;
  /** Stores a file again with the grid's current encoding. */
  reencode: ReencodeJobParams;
  /** Writes a catalog folder (with everything below it) into a folder on this machine. */
  restore: RestoreJobParams;
}

/** The handler of each kind; `deps` is asked at every run, so a job sees the grid as it is then. */
export function transferJobHandlers(deps: () => TransferDeps): JobHandlers<JobKinds> {
  return {
    upload: (params, ctx) => runUpload(params, ctx, deps()),
    download: (params, ctx) => runDownload(params, ctx, deps()),
    reencode: (params, ctx) => runReencode(params, ctx, deps()),
    restore: (params, ctx) => runRestore(params, ctx, deps()),
  };
}
