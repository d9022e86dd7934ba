/** `raic usage [--json]`: bytes and shares per account, quotas and limits, monthly cost, totals and overhead. */
import type { MainContext } from '../main-context';
import { runReport } from '../format/command-run';
import { formatUsage } from '../format/usage';

export const USAGE = 'usage: raic usage [--json]';

const HELP = `${USAGE}

Per account: bytes RAIC stores there as measured on the account itself (listed at most every few hours,
kept current in between), split into live files, versions, trash, catalog backups, orphans and
unreferenced shares still leased; the provider's quota and free space; your limit; the monthly cost.
--json prints one JSON document (each account's split is under "measured").
`;

export function run(argv: string[], ctx: MainContext): Promise<number> {
  if (argv.includes('--help') || argv.includes('-h')) {
    ctx.stdout.write(HELP);
    return Promise.resolve(0);
  }
  return runReport(argv, ctx, { command: 'usage', usage: USAGE, operation: 'getUsage', format: formatUsage });
}
