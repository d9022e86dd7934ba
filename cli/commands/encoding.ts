/**
 * `raic encoding [K/HAPPY/N] [--reencode] [--json]`: shows the grid's
 * encoding, or sets it (new files use it; --reencode also stores the existing
 * files again with it, as background jobs).
 */
import type { MainContext } from '../main-context';
import { callApi, parseCommandLine, UsageError, withService, writeJson } from '../format/command-run';

export const USAGE = 'usage: raic encoding [NEEDED/HAPPY/TOTAL] [--reencode] [--json]   (e.g. raic encoding 2/3/4)';

export function run(argv: string[], ctx: MainContext): Promise<number> {
  const parsed = parseCommandLine(ctx, 'encoding', USAGE, {
    args: argv,
    options: { json: { type: 'boolean' }, reencode: { type: 'boolean' } },
    allowPositionals: true,
    strict: true,
  });
  if (typeof parsed === 'number') return Promise.resolve(parsed);
  const { values, positionals } = parsed;
  return withService(ctx, 'encoding', USAGE, async (service) => {
    if (positionals.length === 0) {
      if (values.reencode) throw new UsageError('--reencode needs the new encoding, e.g. raic encoding 2/3/4 --reencode');
      const { encoding } = await callApi(service, 'getStatus', {});
      if (values.json) writeJson(ctx, encoding);
      else ctx.stdout.write(`any ${encoding.needed} of ${encoding.total} shares rebuild a file; uploads reach at least ${encoding.happy} accounts (${encoding.needed}/${encoding.happy}/${encoding.total})\n`);
      return 0;
    }
    const match = positionals.length === 1 ? /^(\d+)\/(\d+)\/(\d+)$/.exec(positionals[0]!) : null;
    if (!match) throw new UsageError('give the encoding as NEEDED/HAPPY/TOTAL, e.g. 3/4/5');
    const encoding = { needed: Number(match[1]), happy: Number(match[2]), total: Number(match[3]) };
    const result = await callApi(service, 'setEncoding', { encoding, reencodeExisting: values.reencode === true });
    if (values.reencode) {
      // The CLI runs the re-encoding itself and returns when it is done.
      service.startBackground({ monitor: false });
      await service.jobsIdle();
    }
    if (values.json) writeJson(ctx, result);
    else ctx.stdout.write(`${result.message}\n`);
    return 0;
  });
}
