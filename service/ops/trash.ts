/** The trash, previous versions and their retention settings; deleting goes through here too (files.ts's removeFile). */
import type { FileVersion, OperationInput, TrashItem as ApiTrashItem } from '../../shared/api';
import { ApiError } from '../../shared/api';
import type { ServiceContext } from '../service-context';
import {
  findTrashItem,
  listTrash,
  listVersions,
  moveToTrash,
  releaseTrash,
  removePermanently,
  restoreFromTrash,
  restoreVersion,
  type RetainedFile,
  type TrashItem,
} from '../catalog';
import { catalogCall } from '../catalog-call';
import { requireFile } from '../files/transfers';
import type { OperationHandlers } from './handlers';

type TrashOperations = 'listTrash' | 'restoreFromTrash' | 'emptyTrash' | 'getRetention' | 'setRetention' | 'listVersions' | 'restoreVersion';

const DAY_MS = 24 * 60 * 60 * 1000;

export function trashOperations(ctx: ServiceContext): OperationHandlers<TrashOperations> {
  const withExpiry = (item: TrashItem): ApiTrashItem => ({ ...item, expiresAt: item.deletedAt + ctx.config.retention.trashDays * DAY_MS });
  return {
    async listTrash() {
      // Expired items go first, also where no background work runs (the CLI).
      await ctx.retention.runNow();
      return { items: catalogCall(() => listTrash(ctx.catalog)).map(withExpiry), retention: { ...ctx.config.retention } };
    },
    async restoreFromTrash(input) {
      return catalogCall(() => {
        const id = input.id ?? findTrashItem(ctx.catalog, input.path!)?.id;
        if (id === undefined) throw new ApiError('not_found', `Nothing deleted from ${input.path} is in the trash; list the trash (raic trash list) to see what is there.`);
        const { item, restoredTo } = restoreFromTrash(ctx.catalog, id);
        return { restoredTo, item: withExpiry(item) };
      });
    },
    async emptyTrash(input) {
      const { removed, released } = catalogCall(() => releaseTrash(ctx.catalog, input.ids ? { ids: input.ids } : 'all'));
      await ctx.retention.release(released);
      return { removed, releasedFiles: released.length };
    },
    getRetention: async () => ({ ...ctx.config.retention }),
    async setRetention(input) {
      const changes = Object.fromEntries(Object.entries(input).filter(([, value]) => value !== undefined));
      const retention = { ...ctx.config.retention, ...changes };
      await ctx.saveConfig({ ...ctx.config, retention });
      await ctx.retention.runNow();
      return { ...retention };
    },
    async listVersions(input) {
      return catalogCall(() => {
        const file = requireFile(ctx.catalog, input.path);
        return { path: file.path, versions: listVersions(ctx.catalog, file.path).map(toVersion) };
      });
    },
    async restoreVersion(input) {
      return ctx.fileSummary(catalogCall(() => restoreVersion(ctx.catalog, requireFile(ctx.catalog, input.path).path, input.versionId)));
    },
  };
}

function toVersion(version: RetainedFile): FileVersion {
  return { id: version.id, size: version.size, storedAt: version.storedAt, replacedAt: version.retainedAt, sourceModifiedAt: version.sourceModifiedAt, cap: version.cap };
}

/**
 * Deleting a file or a folder: to the trash (one item, restorable), or with
 * `permanently` at once, releasing the space of what nothing else references.
 */
export async function removeEntry(ctx: ServiceContext, input: OperationInput<'removeFile'>): Promise<{ removed: number; trashItemId?: number }> {
  if (input.permanently) {
    const { removed, released } = catalogCall(() => removePermanently(ctx.catalog, input.path));
    await ctx.retention.release(released);
    return { removed };
  }
  const item = catalogCall(() => moveToTrash(ctx.catalog, input.path));
  return { removed: item.fileCount, trashItemId: item.id };
}
