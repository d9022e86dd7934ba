/** Files and folders of the catalog, and the jobs that move bytes in and out of the grid. */
import { ApiError } from '../../shared/api';
import type { ServiceContext } from '../service-context';
import { normalizeCatalogPath } from '../catalog';
import { catalogCall } from '../catalog-call';
import { planUploadSources, requireFile } from '../files/transfers';
import { checkUploadTargets } from '../files/upload-targets';
import type { OperationHandlers } from './handlers';

type FileOperations = 'listFiles' | 'getFile' | 'createFolder' | 'moveFile' | 'removeFile' | 'uploadPaths' | 'downloadToPath';

export function fileOperations(ctx: ServiceContext): OperationHandlers<FileOperations> {
  return {
    async listFiles(input) {
      const listing = catalogCall(() => ctx.catalog.listFolder(input.folder ?? '/'));
      const names = ctx.accountNames();
      return { folder: listing.folder, folders: listing.folders, files: listing.files.map((f) => ctx.fileSummary(f, names)) };
    },
    async getFile(input) {
      return ctx.fileSummary(catalogCall(() => requireFile(ctx.catalog, input.path)));
    },
    async createFolder(input) {
      catalogCall(() => ctx.catalog.createFolder(input.path));
      return { ok: true };
    },
    async moveFile(input) {
      return ctx.fileSummary(catalogCall(() => ctx.catalog.moveFile(input.from, input.to)));
    },
    /**
     * Removes a file (or a folder and everything in it) from the catalog for
     * good, then releases its shares (service/gc): this grid's lease is given
     * up and the shares no other lease holds are removed now. Content another
     * catalog entry still references (same bytes, same storage index) keeps
     * its shares. The catalog changes first, so a crash in between leaves
     * shares for `raic gc`, never an entry without its shares.
     */
    async removeFile(input) {
      const removed = catalogCall(() => {
        const file = ctx.catalog.getFile(input.path);
        if (file) return [ctx.catalog.removeFile(input.path)];
        const folder = normalizeCatalogPath(input.path);
        const below = ctx.catalog.allFiles().filter((f) => f.path.startsWith(`${folder}/`));
        ctx.catalog.removeFolder(input.path);
        return below;
      });
      await ctx.gc.releaseFiles(removed.map((f) => ({ storageIndex: f.storageIndex, path: f.path }))).catch((error: unknown) => {
        ctx.log(`raic: the shares of ${input.path} were not released yet (raic gc releases them later): ${String(error)}`);
      });
      return { removed: removed.length };
    },
    async uploadPaths(input) {
      const folder = catalogCall(() => {
        const target = normalizeCatalogPath(input.folder ?? '/');
        if (target !== '/') ctx.catalog.createFolder(target);
        return target;
      });
      const { files, emptyFolders } = await planUploadSources(input.sources, folder);
      if (input.createEmptyFolders && emptyFolders.length > 0) {
        catalogCall(() => emptyFolders.forEach((emptyFolder) => ctx.catalog.createFolder(emptyFolder)));
        if (files.length === 0) return { jobs: [] };
      }
      if (files.length === 0) throw new ApiError('invalid_input', 'sources: there are no files in what you chose (empty folders and links are skipped).', 'sources');
      checkUploadTargets(files, ctx);
      const jobs = files.map((f) =>
        ctx.jobs.submit('upload', { source: f.source, target: f.target }, { title: `Upload ${f.target}`, totalBytes: f.size }),
      );
      return { jobs };
    },
    async downloadToPath(input) {
      const entry = catalogCall(() => requireFile(ctx.catalog, input.path));
      return ctx.jobs.submit('download', input, { title: `Download ${entry.path}`, totalBytes: entry.size });
    },
  };
}
