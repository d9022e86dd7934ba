/**
 * The re-encode notice's two operations: how many stored files still use an
 * encoding other than the grid's (they stay readable; each is judged by its
 * own encoding until re-encoded), and queuing re-encode jobs for exactly
 * those files, never twice for a file already waiting or running. The
 * notice reads this rather than remembering a click, so it stays true on
 * every screen and after a restart.
 */
import type { FileEntry } from '../catalog';
import type { ServiceContext } from '../service-context';
import type { OperationHandlers } from './handlers';

export function reencodeOperations(ctx: ServiceContext): OperationHandlers<'getReencodeStatus' | 'startReencode'> {
  return {
    async getReencodeStatus() {
      const old = filesWithOldEncoding(ctx);
      const active = activeReencodePaths(ctx);
      const oldPaths = new Set(old.map((f) => f.path));
      const failed = ctx.jobs
        .list({ states: ['failed'] })
        .filter((job) => job.kind === 'reencode' && oldPaths.has(pathOf(job.params)) && !active.has(pathOf(job.params))).length;
      const { needed, total } = ctx.config.encoding;
      return {
        encoding: { needed, total },
        oldFiles: old.length,
        oldBytes: old.reduce((sum, f) => sum + f.size, 0),
        reencoding: active.size,
        failed,
      };
    },
    async startReencode() {
      const active = activeReencodePaths(ctx);
      const old = filesWithOldEncoding(ctx);
      const toQueue = old.filter((f) => !active.has(f.path));
      for (const file of toQueue) ctx.jobs.submit('reencode', { path: file.path, cap: file.cap }, { title: `Re-encode ${file.path}`, totalBytes: file.size });
      const { needed, total } = ctx.config.encoding;
      const alreadyQueued = old.length - toQueue.length;
      const message =
        old.length === 0
          ? `Every stored file already uses ${needed}-of-${total}; there is nothing to re-encode.`
          : toQueue.length === 0
            ? `All ${old.length} files are already being re-encoded to ${needed}-of-${total}.`
            : `Re-encoding ${toQueue.length} ${toQueue.length === 1 ? 'file' : 'files'} to ${needed}-of-${total} in the background; your files stay readable meanwhile.`;
      return { queued: toQueue.length, alreadyQueued, message };
    },
  };
}

/** Stored files (not tiny inline ones, which have no shares) whose encoding differs from the grid's. */
export function filesWithOldEncoding(ctx: Pick<ServiceContext, 'catalog' | 'config'>): FileEntry[] {
  const { needed, total } = ctx.config.encoding;
  return ctx.catalog.allFiles().filter((f) => f.storageIndex !== null && (f.encoding.needed !== needed || f.encoding.total !== total));
}

function activeReencodePaths(ctx: ServiceContext): Set<string> {
  return new Set(
    ctx.jobs
      .list({ states: ['queued', 'running'] })
      .filter((job) => job.kind === 'reencode')
      .map((job) => pathOf(job.params)),
  );
}

function pathOf(params: unknown): string {
  const path = (params as { path?: unknown } | null)?.path;
  return typeof path === 'string' ? path : '';
}
