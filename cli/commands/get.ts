/** `raic get CAP [OUT]`: downloads a file to OUT (written beside it, renamed when complete) or to stdout. */
import { randomBytes } from 'node:crypto';
import { open, rename, unlink } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { parseArgs } from 'node:util';
import type { SubcommandRun } from '../context';
import { downloadFile } from '../../engine/grid';

const USAGE = 'usage: raic get CAP [OUT]';

export const run: SubcommandRun = async (argv, ctx) => {
  let positionals: string[];
  try {
    ({ positionals } = parseArgs({ args: argv, options: {}, allowPositionals: true, strict: true }));
  } catch (error) {
    ctx.stderr.write(`raic get: ${(error as Error).message}\n${USAGE}\n`);
    return 2;
  }
  if (positionals.length < 1 || positionals.length > 2) {
    ctx.stderr.write(`raic get: ${positionals.length === 0 ? 'CAP is required' : 'too many arguments'}\n${USAGE}\n`);
    return 2;
  }
  const [cap, out] = positionals;
  const grid = await ctx.openGrid();
  try {
    if (out === undefined) await toStream(downloadFile(grid.servers, cap), ctx.stdout);
    else await toFileAtomically(downloadFile(grid.servers, cap), out);
    return 0;
  } catch (error) {
    ctx.stderr.write(`raic get: ${(error as Error).message}\n`);
    return 1;
  }
};

async function toStream(chunks: AsyncIterable<Uint8Array>, stream: NodeJS.WritableStream): Promise<void> {
  for await (const chunk of chunks) {
    if (!stream.write(chunk)) await new Promise<void>((resolve) => stream.once('drain', resolve));
  }
}

/** Never leaves a half-written OUT: the data goes to a temporary file beside it, renamed over OUT at the end. */
async function toFileAtomically(chunks: AsyncIterable<Uint8Array>, out: string): Promise<void> {
  const temp = join(dirname(out), `.${basename(out)}.raic-partial-${randomBytes(4).toString('hex')}`);
  const handle = await open(temp, 'wx');
  let done = false;
  try {
    for await (const chunk of chunks) {
      let written = 0;
      while (written < chunk.length) written += (await handle.write(chunk, written, chunk.length - written)).bytesWritten;
    }
    await handle.sync();
    await handle.close();
    await rename(temp, out);
    done = true;
  } finally {
    if (!done) {
      await handle.close().catch(() => undefined);
      await unlink(temp).catch(() => undefined);
    }
  }
}
