/**
 * `raic put FILE [--to PATH]`: uploads FILE to the grid, lists it in the
 * catalog at PATH (default: /<file name>) and prints its read cap on a line of
 * its own.
 */
import { stat } from 'node:fs/promises';
import { basename } from 'node:path';
import { parseArgs } from 'node:util';
import type { SubcommandRun } from '../context';
import { fileByteSource } from '../../engine/grid';
import { uploadToGrid } from '../../service/files/upload-to-grid';

export const USAGE = 'usage: raic put FILE [--to PATH]';

export const run: SubcommandRun = async (argv, ctx) => {
  let positionals: string[];
  let to: string | undefined;
  try {
    let values: { to?: string };
    ({ positionals, values } = parseArgs({ args: argv, options: { to: { type: 'string' } }, allowPositionals: true, strict: true }));
    to = values.to;
  } catch (error) {
    ctx.stderr.write(`raic put: ${(error as Error).message}\n${USAGE}\n`);
    return 2;
  }
  if (positionals.length !== 1) {
    ctx.stderr.write(`raic put: ${positionals.length === 0 ? 'FILE is required' : `expected one FILE, got ${positionals.length} arguments`}\n${USAGE}\n`);
    return 2;
  }
  const path = positionals[0];
  let source;
  try {
    source = await fileByteSource(path);
  } catch (error) {
    ctx.stderr.write(`raic put: cannot read ${path}: ${(error as Error).message}\n`);
    return 1;
  }

  const grid = await ctx.openGrid();
  const controller = new AbortController();
  const cancel = (): void => controller.abort();
  process.once('SIGINT', cancel);
  const showProgress = (ctx.stderr as NodeJS.WriteStream).isTTY === true;
  let lastPercent = -1;
  try {
    const report = await uploadToGrid(grid, source, {
      signal: controller.signal,
      // In bytes of the file, ending at exactly its size: the percentage reaches 100 once, at the end.
      onProgress: showProgress
        ? (done, total) => {
            const percent = total === 0 ? 100 : Math.floor((done / total) * 100);
            if (percent === lastPercent) return;
            lastPercent = percent;
            ctx.stderr.write(`\r${percent === 100 ? 'finishing' : 'uploading'} ${path}: ${percent}%`);
          }
        : undefined,
    });
    if (showProgress) ctx.stderr.write('\n');
    await ctx.recordUpload?.(report, to ?? `/${basename(path)}`, Math.round((await stat(path)).mtimeMs));
    ctx.stdout.write(`${report.cap}\n`);
    return 0;
  } catch (error) {
    if (showProgress) ctx.stderr.write('\n');
    ctx.stderr.write(`raic put: ${(error as Error).message}\n`);
    return 1;
  } finally {
    process.removeListener('SIGINT', cancel);
    await source.close();
  }
};
