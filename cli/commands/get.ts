/**
 * `raic get CAP [OUT]`: downloads a file by its cap to OUT (written beside
 * it, renamed when complete) or to stdout.
 * `raic get PATH OUT`: restores a file or folder of the catalog into OUT
 * through the service's folder restore (service/files/restore-folder.ts):
 * modification times kept, identical files skipped (so a second run finishes
 * an interrupted one), progress on a terminal, unreadable files listed at the
 * end with exit 1.
 */
import { parseArgs } from 'node:util';
import { resolve } from 'node:path';
import type { CommandContext } from '../context';
import type { MainContext } from '../main-context';
import { downloadFile } from '../../engine/grid';
import { writeChunksAtomically } from '../../service/files/download-to-file';
import type { RestoreConflictPolicy } from '../../service/files/restore-folder';
import { usingService, reportingFailures, writeJson } from '../format/command-run';
import { formatRestoreFailures, formatRestoreProgress, formatRestoreSummary } from '../format/restore';

export const USAGE = `usage: raic get CAP [OUT]
       raic get PATH OUT [--overwrite | --skip] [--json]

CAP (URI:CHK:… or URI:LIT:…) downloads one file to OUT, or to standard output.
PATH (a file or folder of your RAIC files, e.g. /Photos) restores it into OUT:
a folder's contents go into the folder OUT, a file becomes the file OUT.
Modification times are kept; files already there and identical are skipped,
so running it again finishes an interrupted restore. A file that differs at
the destination stops the restore before anything is written, unless
  --overwrite   replace it with RAIC's copy
  --skip        keep it and restore the rest
--json prints a summary as JSON. Exit 1 if some file could not be restored.`;

const PROGRESS_INTERVAL_MS = 1000;

export async function run(argv: string[], ctx: CommandContext & Partial<Pick<MainContext, 'openService'>>): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      options: { overwrite: { type: 'boolean' }, skip: { type: 'boolean' }, json: { type: 'boolean' } },
      allowPositionals: true,
      strict: true,
    });
  } catch (error) {
    return usage(ctx, (error as Error).message);
  }
  const { positionals, values } = parsed;
  if (positionals.length < 1 || positionals.length > 2) return usage(ctx, positionals.length === 0 ? 'CAP or PATH is required' : 'too many arguments');
  const [source, out] = positionals as [string, string | undefined];
  if (source.startsWith('URI:')) {
    if (values.overwrite || values.skip || values.json) return usage(ctx, '--overwrite, --skip and --json are for restoring a PATH; a CAP download replaces OUT');
    return getByCap(source, out, ctx);
  }
  if (!source.startsWith('/')) return usage(ctx, `"${source}" is neither a cap (URI:…) nor a path of your RAIC files (starting with /, e.g. /Photos)`);
  if (out === undefined) return usage(ctx, 'OUT is required to restore a PATH: the folder (or file) to restore into');
  if (values.overwrite && values.skip) return usage(ctx, 'choose either --overwrite or --skip');
  if (!ctx.openService) return usage(ctx, 'restoring a PATH needs the catalog, which this context has not');
  const conflict: RestoreConflictPolicy = values.overwrite ? 'overwrite' : values.skip ? 'skip' : 'refuse';
  return restorePath(source, resolve(out), conflict, Boolean(values.json), { ...ctx, openService: ctx.openService });
}

function usage(ctx: CommandContext, message: string): number {
  ctx.stderr.write(`raic get: ${message}\n${USAGE}\n`);
  return 2;
}

async function getByCap(cap: string, out: string | undefined, ctx: CommandContext): Promise<number> {
  const grid = await ctx.openGrid();
  try {
    if (out === undefined) await toStream(downloadFile(grid.servers, cap), ctx.stdout);
    else await writeChunksAtomically(downloadFile(grid.servers, cap), out);
    return 0;
  } catch (error) {
    ctx.stderr.write(`raic get: ${(error as Error).message}\n`);
    return 1;
  }
}

async function restorePath(folder: string, destination: string, conflict: RestoreConflictPolicy, json: boolean, ctx: CommandContext & Pick<MainContext, 'openService'>): Promise<number> {
  const mainCtx = ctx as MainContext;
  return reportingFailures(ctx, 'get', USAGE, () =>
    usingService(mainCtx, async (service) => {
      const controller = new AbortController();
      const cancel = () => {
        ctx.stderr.write('\nraic get: cancelling; files already restored stay, run the same command again to finish\n');
        controller.abort();
      };
      const terminal = (ctx.stderr as NodeJS.WriteStream).isTTY === true && !json;
      let lastShown = 0;
      process.once('SIGINT', cancel);
      try {
        const result = await service.restoreTree({
          folder,
          destination,
          conflict,
          signal: controller.signal,
          onProgress: (progress) => {
            if (!terminal || Date.now() - lastShown < PROGRESS_INTERVAL_MS) return;
            lastShown = Date.now();
            ctx.stderr.write(`\r\x1b[K${formatRestoreProgress(progress)}`);
          },
        });
        if (terminal) ctx.stderr.write('\r\x1b[K');
        if (json) writeJson(ctx, result);
        else ctx.stdout.write(formatRestoreSummary(result));
        ctx.stderr.write(formatRestoreFailures(result));
        return result.failed.length > 0 ? 1 : 0;
      } finally {
        process.removeListener('SIGINT', cancel);
      }
    }),
  );
}

async function toStream(chunks: AsyncIterable<Uint8Array>, stream: NodeJS.WritableStream): Promise<void> {
  for await (const chunk of chunks) {
    if (!stream.write(chunk)) await new Promise<void>((resolve) => stream.once('drain', resolve));
  }
}
