/** `raic ls [FOLDER] [-l] [--json]`: a folder of your RAIC files (default /). */
import type { MainContext } from '../main-context';
import { callApi, parseCommandLine, usageFailure, withService, writeJson } from '../format/command-run';
import { formatListing } from '../format/files';

export const USAGE = 'usage: raic ls [FOLDER] [-l] [--json]';

export async function run(argv: string[], ctx: MainContext): Promise<number> {
  const parsed = parseCommandLine(ctx, 'ls', USAGE, {
    args: argv,
    options: { long: { type: 'boolean', short: 'l' }, json: { type: 'boolean' } },
    allowPositionals: true,
    strict: true,
  });
  if (typeof parsed === 'number') return parsed;
  const { values, positionals } = parsed;
  if (positionals.length > 1) return usageFailure(ctx, 'ls', 'expected at most one FOLDER', USAGE);
  return withService(ctx, 'ls', USAGE, async (service) => {
    const listing = await callApi(service, 'listFiles', { folder: positionals[0] ?? '/' });
    if (values.json) writeJson(ctx, listing);
    else ctx.stdout.write(formatListing(listing, { long: values.long === true }));
    return 0;
  });
}
