/** `raic mkdir PATH...`: creates folders in your RAIC files, with any missing folders above them (an existing folder is left as it is). */
import type { MainContext } from '../main-context';
import { callApi, parseCommandLine, usageFailure, withService } from '../format/command-run';

export const USAGE = `usage: raic mkdir PATH...
creates folders of your RAIC files (e.g. /Photos/2024), and the folders above them`;

export async function run(argv: string[], ctx: MainContext): Promise<number> {
  const parsed = parseCommandLine(ctx, 'mkdir', USAGE, { args: argv, options: {}, allowPositionals: true, strict: true });
  if (typeof parsed === 'number') return parsed;
  if (parsed.positionals.length === 0) return usageFailure(ctx, 'mkdir', 'PATH is required', USAGE);
  return withService(ctx, 'mkdir', USAGE, async (service) => {
    for (const path of parsed.positionals) await callApi(service, 'createFolder', { path });
    return 0;
  });
}
