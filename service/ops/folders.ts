/** Whole folders: moving one with everything in it, moving a selection of files and folders into one folder, and restoring one to this machine as a job (the desktop app's "Download folder"). */
import path from 'node:path';
import type { ServiceContext } from '../service-context';
import { catalogCall } from '../catalog-call';
import { normalizeCatalogPath } from '../catalog';
import { planRestore } from '../files/restore-plan';
import { moveEntries } from './move-entries';
import type { OperationHandlers } from './handlers';

export function folderOperations(ctx: ServiceContext): OperationHandlers<'moveFolder' | 'moveEntries' | 'restoreFolder'> {
  return {
    async moveFolder(input) {
      return { moved: catalogCall(() => ctx.catalog.moveFolder(input.from, input.to)) };
    },
    async moveEntries(input) {
      return { moved: catalogCall(() => moveEntries(ctx.catalog, input)) };
    },
    async restoreFolder(input) {
      const folder = catalogCall(() => normalizeCatalogPath(input.path));
      const name = folder.slice(folder.lastIndexOf('/') + 1);
      const destination = input.intoSubfolder && name !== '' ? path.join(input.destination, name) : input.destination;
      // Refused now (no such folder) rather than as a failed job; the size gives the job its total.
      const { totalBytes } = catalogCall(() => planRestore(ctx.catalog, folder, destination));
      const title = folder === '/' ? `Restore everything to ${destination}` : `Restore ${folder} to ${destination}`;
      return ctx.jobs.submit('restore', { folder, destination, conflict: input.conflict }, { title, totalBytes });
    },
  };
}
