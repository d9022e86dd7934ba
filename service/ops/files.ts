/** Files and folders of the catalog, and the jobs that move bytes in and out of the grid. */
import { ApiError } from '../../shared/api';
import type { ServiceContext } from '../service-context';
import { normalizeCatalogPath } from '../catalog';
import { catalogCall } from '../catalog-call';
import { planUploadSources, requireFile } from '../files/transfers';
import { checkUploadTargets } from '../files/upload-targets';
import { resolveClashes } from '../files/upload-clash';
import { removeEntry } from './trash';
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
    /** Moves a file (or a folder and everything in it) to the trash, or with `permanently` removes it at once (ops/trash.ts). */
    removeFile: (input) => removeEntry(ctx, input),
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
      const { files: chosen, skipped } = resolveClashes(files, input.onClash ?? 'replace', ctx);
      checkUploadTargets(chosen, ctx);
      // One transaction for the whole folder, not one commit per file.
      const jobs = ctx.jobs.submitMany(
        'upload',
        chosen.map((f) => ({ params: { source: f.source, target: f.target }, title: `Upload ${f.target}`, totalBytes: f.size })),
      );
      return skipped.length > 0 ? { jobs, skipped } : { jobs };
    },
    async downloadToPath(input) {
      const entry = catalogCall(() => requireFile(ctx.catalog, input.path));
      return ctx.jobs.submit('download', input, { title: `Download ${entry.path}`, totalBytes: entry.size });
    },
  };
}
