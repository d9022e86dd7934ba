/** `raic versions PATH [--json]` lists a file's earlier versions; `raic versions restore PATH --version N` brings one back. */
import type { MainContext } from '../main-context';
import { callApi, parseCommandLine, usageFailure, withService, writeJson } from '../format/command-run';
import { formatVersions } from '../format/trash';

export const USAGE = 'usage: raic versions PATH [--json]\n       raic versions restore PATH --version N [--json]\n       raic versions keep [--last N] [--days D]';
export const HELP = `${USAGE}

Uploading to a path that already holds a file keeps the old content as an
earlier version (the same content again is not a new version).

  PATH                      list the earlier versions of a file, newest first
  restore PATH --version N  make version N (from the list) current again; the
                            current content becomes a version
  keep --last N --days D    keep the newest N versions of each file, and all
                            younger than D days (whichever keeps more);
                            10 and 30 unless changed
  --json                    print the result as JSON`;

export async function run(argv: string[], ctx: MainContext): Promise<number> {
  const parsed = parseCommandLine(ctx, 'versions', USAGE, {
    args: argv,
    options: { version: { type: 'string' }, last: { type: 'string' }, days: { type: 'string' }, json: { type: 'boolean' } },
    allowPositionals: true,
    strict: true,
  });
  if (typeof parsed === 'number') return parsed;
  const { values, positionals } = parsed;
  const json = values.json === true;
  if (positionals[0] === 'restore') {
    if (positionals.length !== 2) return usageFailure(ctx, 'versions restore', 'expected one PATH', USAGE);
    const versionId = Number(values.version);
    if (values.version === undefined || !Number.isInteger(versionId)) return usageFailure(ctx, 'versions restore', 'say which version: --version N, N from "raic versions PATH"', USAGE);
    return withService(ctx, 'versions restore', USAGE, async (service) => {
      const file = await callApi(service, 'restoreVersion', { path: positionals[1]!, versionId });
      if (json) writeJson(ctx, file);
      else ctx.stdout.write(`Restored version ${versionId} of ${file.path}; what was current is now an earlier version.\n`);
      return 0;
    });
  }
  if (positionals[0] === 'keep' && positionals.length === 1) {
    const wanted = { keepVersions: values.last, versionDays: values.days };
    const input: Record<string, number> = {};
    for (const [key, text] of Object.entries(wanted)) {
      if (text === undefined) continue;
      const value = Number(text);
      if (!Number.isInteger(value) || value < 0) return usageFailure(ctx, 'versions keep', `--${key === 'keepVersions' ? 'last' : 'days'} must be a whole number, 0 or more (got "${text}")`, USAGE);
      input[key] = value;
    }
    if (Object.keys(input).length === 0) return usageFailure(ctx, 'versions keep', 'give --last N, --days D or both', USAGE);
    return withService(ctx, 'versions keep', USAGE, async (service) => {
      const retention = await callApi(service, 'setRetention', input);
      if (json) writeJson(ctx, retention);
      else ctx.stdout.write(`Keeping the newest ${retention.keepVersions} versions of each file and all younger than ${retention.versionDays} days.\n`);
      return 0;
    });
  }
  if (positionals.length !== 1) return usageFailure(ctx, 'versions', positionals.length === 0 ? 'PATH is required' : 'expected one PATH', USAGE);
  return withService(ctx, 'versions', USAGE, async (service) => {
    const listing = await callApi(service, 'listVersions', { path: positionals[0]! });
    if (json) writeJson(ctx, listing);
    else ctx.stdout.write(formatVersions(listing.path, listing.versions));
    return 0;
  });
}
