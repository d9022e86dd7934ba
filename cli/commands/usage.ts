/** `raic usage [--json]`: bytes and shares per account, quotas and limits, monthly cost, totals and overhead. */
import type { MainContext } from '../main-context';
import { runReport } from '../format/command-run';
import { formatUsage } from '../format/usage';

export const USAGE = 'usage: raic usage [--json]';

export function run(argv: string[], ctx: MainContext): Promise<number> {
  return runReport(argv, ctx, { command: 'usage', usage: USAGE, operation: 'getUsage', format: formatUsage });
}
