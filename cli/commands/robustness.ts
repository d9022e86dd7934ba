/**
 * `raic robustness [--json]`: what the grid survives, how likely it is to
 * lose a file within a year (with and without repair), availability,
 * overhead and cost. `--target` lists the encodings meeting a goal.
 */
import type { MainContext } from '../main-context';
import { callApi, parseCommandLine, UsageError, withService, writeJson } from '../format/command-run';
import { formatRobustness } from '../format/robustness';
import { formatNines } from '../../shared/nines';

export const USAGE = 'usage: raic robustness [--target survive-1|survive-2|…|nines-11] [--json]';

function parseTarget(text: string): { kind: 'survive-accounts'; accounts: number } | { kind: 'nines'; nines: number } {
  const survive = /^survive-(\d+)$/.exec(text);
  if (survive) return { kind: 'survive-accounts', accounts: Number(survive[1]) };
  const nines = /^nines-(\d+(?:\.\d+)?)$/.exec(text);
  if (nines) return { kind: 'nines', nines: Number(nines[1]) };
  throw new UsageError(`--target must be survive-N (survive any N failures: an account, or a whole disk or login) or nines-N (e.g. nines-11), not "${text}"`);
}

export function run(argv: string[], ctx: MainContext): Promise<number> {
  const parsed = parseCommandLine(ctx, 'robustness', USAGE, {
    args: argv,
    options: { json: { type: 'boolean' }, target: { type: 'string' } },
    strict: true,
  });
  if (typeof parsed === 'number') return Promise.resolve(parsed);
  const { json, target } = parsed.values;
  return withService(ctx, 'robustness', USAGE, async (service) => {
    if (target !== undefined) {
      const recommendation = await callApi(service, 'recommendEncodings', { target: parseTarget(target) });
      if (json) writeJson(ctx, recommendation);
      else {
        const rows = recommendation.options
          .slice(0, 8)
          .map((o) => `  ${o.needed}-of-${o.total} (uploads reach at least ${o.happy} accounts): ${survivesWords(o.tolerance, o.countsDomains)}, ${formatNines(o.annualLossProbability)}, overhead ${o.overhead.toFixed(2)}x, ${o.monthlyCostPerTB.toFixed(2)}/TB-month`);
        ctx.stdout.write(`${recommendation.explanation}\n${rows.join('\n')}${rows.length ? '\n' : ''}${recommendation.addAccountHelps.explanation}\n`);
      }
      return 0;
    }
    const report = await callApi(service, 'getRobustness', {});
    if (json) writeJson(ctx, report);
    else ctx.stdout.write(formatRobustness(report));
    return 0;
  });
}

/** "survives any 2 failures", "survives no single account loss": never "any 0". */
function survivesWords(tolerance: number, countsDomains: boolean): string {
  const unit = countsDomains ? 'failure' : 'account loss';
  if (tolerance <= 0) return `survives no single ${unit}`;
  return `survives any ${tolerance} ${unit}${tolerance === 1 ? '' : countsDomains ? 's' : 'es'}`;
}
