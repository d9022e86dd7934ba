/**
 * `raic gc [--json] [--orphans | --remove-orphans]`: renews this grid's
 * leases on everything it still lists, gives up its lease on what nothing
 * lists any more, removes the shares whose last lease has expired, and
 * prints what each account got back. --orphans lists shares no lease and no
 * catalog entry claims (with the bytes removing them would free);
 * --remove-orphans removes them too.
 */
import type { MainContext } from '../main-context';
import { callApi, parseCommandLine, usageFailure, withService, writeJson } from '../format/command-run';
import { formatBytes } from '../../shared/format-bytes';
import type { OperationOutput } from '../../shared/api';

export const USAGE = 'usage: raic gc [--json] [--orphans | --remove-orphans]';
export const HELP = `${USAGE}

Gives space back now instead of when leases run out:
  - renews this grid's lease on every file, trashed file, version and catalog backup it still lists;
  - gives up its lease on shares nothing lists any more (another program's lease keeps them);
  - removes every share whose last lease has expired, and prints what each account got back.

  --orphans          also list shares no lease and no file claims, with the space removing them would free
  --remove-orphans   remove those shares too
  --json             print one JSON document`;

export function run(argv: string[], ctx: MainContext): Promise<number> {
  const parsed = parseCommandLine(ctx, 'gc', USAGE, {
    args: argv,
    options: { json: { type: 'boolean' }, orphans: { type: 'boolean' }, 'remove-orphans': { type: 'boolean' } },
    strict: true,
  });
  if (typeof parsed === 'number') return Promise.resolve(parsed);
  const { json, orphans, 'remove-orphans': removeOrphans } = parsed.values;
  if (orphans && removeOrphans) return Promise.resolve(usageFailure(ctx, 'gc', 'choose one of --orphans (list) and --remove-orphans (remove)', USAGE));
  return withService(ctx, 'gc', USAGE, async (service) => {
    const report = await callApi(service, 'runGc', { removeOrphans: Boolean(removeOrphans) });
    const found = orphans ? await callApi(service, 'findOrphans', {}) : undefined;
    if (json) writeJson(ctx, found ? { ...report, orphans: found } : report);
    else ctx.stdout.write(formatGcReport(report, found));
    return report.problems.length > 0 ? 1 : 0;
  });
}

export function formatGcReport(report: OperationOutput<'runGc'>, orphans?: OperationOutput<'findOrphans'>): string {
  const lines: string[] = [];
  lines.push(`renewed the leases of ${report.renewal.storageIndexes} stored file${report.renewal.storageIndexes === 1 ? '' : 's'}`);
  if (report.expired > 0) lines.push(`gave up the lease of ${report.expired} file${report.expired === 1 ? '' : 's'} nothing lists any more`);
  for (const account of report.perAccount) {
    lines.push(`${account.accountName}: freed ${formatBytes(account.removedBytes)} (${account.removedShares} share${account.removedShares === 1 ? '' : 's'})`);
  }
  lines.push(`total freed: ${formatBytes(report.totals.removedBytes)}`);
  for (const account of report.orphansRemoved ?? []) lines.push(`${account.accountName}: removed ${formatBytes(account.removedBytes)} of orphaned shares`);
  for (const account of orphans?.accounts ?? []) {
    if (account.shares > 0) lines.push(`${account.accountName}: ${account.shares} orphaned share${account.shares === 1 ? '' : 's'}, ${formatBytes(account.bytes)} (raic gc --remove-orphans frees it)`);
  }
  if (orphans && orphans.accounts.every((a) => a.shares === 0)) lines.push('no orphaned shares');
  for (const problem of [...report.problems, ...(orphans?.problems ?? [])]) lines.push(`problem: ${problem}`);
  return `${lines.join('\n')}\n`;
}
