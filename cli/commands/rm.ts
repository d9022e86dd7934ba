/** `raic rm PATH... [--permanently] [--json]`: moves files and folders to the trash (or removes them at once). */
import type { MainContext } from '../main-context';
import { callApi, parseCommandLine, usageFailure, withService, writeJson } from '../format/command-run';

export const USAGE = 'usage: raic rm PATH... [--permanently] [--json]';
export const HELP = `${USAGE}

Moves files and folders (with everything in them) to the trash. They can be
brought back with "raic trash restore PATH" until the trash lets go of them
(after 30 days unless changed, or "raic trash empty"); only then is their
space freed.

  --permanently   skip the trash: remove them and their earlier versions now
  --json          print the result as JSON`;

export async function run(argv: string[], ctx: MainContext): Promise<number> {
  const parsed = parseCommandLine(ctx, 'rm', USAGE, {
    args: argv,
    options: { permanently: { type: 'boolean' }, json: { type: 'boolean' } },
    allowPositionals: true,
    strict: true,
  });
  if (typeof parsed === 'number') return parsed;
  const { values, positionals } = parsed;
  if (positionals.length === 0) return usageFailure(ctx, 'rm', 'PATH is required', USAGE);
  return withService(ctx, 'rm', USAGE, async (service) => {
    const results = [];
    for (const path of positionals) {
      const result = await callApi(service, 'removeFile', { path, permanently: values.permanently === true });
      results.push({ path, ...result });
      if (!values.json) {
        const what = `${path} (${result.removed} ${result.removed === 1 ? 'file' : 'files'})`;
        ctx.stdout.write(values.permanently ? `Removed ${what} permanently.\n` : `Moved ${what} to the trash.\n`);
      }
    }
    if (values.json) writeJson(ctx, results);
    return 0;
  });
}
