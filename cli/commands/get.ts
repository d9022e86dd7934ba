/** `raic get CAP [OUT]`: downloads a file to OUT (written beside it, renamed when complete) or to stdout. */
import { parseArgs } from 'node:util';
import type { SubcommandRun } from '../context';
import { downloadFile } from '../../engine/grid';
import { writeChunksAtomically } from '../../service/files/download-to-file';

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
    else await writeChunksAtomically(downloadFile(grid.servers, cap), out);
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
