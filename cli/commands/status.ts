/** `raic status [--json]`: grid health, encoding, files, accounts, secret store and recovery backup. */
import type { MainContext } from '../main-context';
import { runReport } from '../format/command-run';
import { formatStatus } from '../format/status';

export const USAGE = 'usage: raic status [--json]';

export function run(argv: string[], ctx: MainContext): Promise<number> {
  return runReport(argv, ctx, { command: 'status', usage: USAGE, operation: 'getStatus', format: formatStatus });
}
