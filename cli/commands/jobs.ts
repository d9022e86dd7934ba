/**
 * `raic jobs [--json]` lists background jobs (uploads, downloads) with their
 * progress; `raic jobs cancel ID` stops one (any unique start of its id, as
 * the list shows them); `raic jobs clear` forgets the finished ones.
 */
import type { MainContext } from '../main-context';
import type { RaicService } from '../../service/raic-service';
import { callApi, parseCommandLine, usageFailure, withService, writeJson } from '../format/command-run';
import { formatJobTable } from '../format/jobs';

export const USAGE = 'usage: raic jobs [--json]\n       raic jobs cancel ID [--json]\n       raic jobs clear [--json]';

export async function run(argv: string[], ctx: MainContext): Promise<number> {
  const parsed = parseCommandLine(ctx, 'jobs', USAGE, { args: argv, options: { json: { type: 'boolean' } }, allowPositionals: true, strict: true });
  if (typeof parsed === 'number') return parsed;
  const [action, ...operands] = parsed.positionals;
  const json = parsed.values.json === true;
  if (action === undefined) return withService(ctx, 'jobs', USAGE, async (service) => {
    const jobs = await callApi(service, 'listJobs', {});
    if (json) writeJson(ctx, jobs);
    else ctx.stdout.write(formatJobTable(jobs));
    return 0;
  });
  if (action === 'cancel') {
    if (operands.length !== 1) return usageFailure(ctx, 'jobs cancel', operands.length === 0 ? 'ID is required' : 'expected one ID', USAGE);
    return withService(ctx, 'jobs cancel', USAGE, async (service) => {
      const job = await callApi(service, 'cancelJob', { id: await resolveJobId(service, operands[0]!) });
      if (json) writeJson(ctx, job);
      else ctx.stdout.write(`${job.title}: ${job.state}\n`);
      return 0;
    });
  }
  if (action === 'clear' && operands.length === 0) return withService(ctx, 'jobs clear', USAGE, async (service) => {
    const result = await callApi(service, 'clearFinishedJobs', {});
    if (json) writeJson(ctx, result);
    else ctx.stdout.write(`Cleared ${result.cleared} finished jobs.\n`);
    return 0;
  });
  return usageFailure(ctx, 'jobs', `unknown action "${parsed.positionals.join(' ')}"`, USAGE);
}

/** A full id, or the start of exactly one job's id. */
async function resolveJobId(service: RaicService, prefix: string): Promise<string> {
  const jobs = await callApi(service, 'listJobs', {});
  const matches = jobs.filter((job) => job.id.startsWith(prefix));
  if (matches.length === 1) return matches[0]!.id;
  if (matches.length === 0) throw new Error(`there is no job ${prefix}; raic jobs lists them`);
  throw new Error(`${matches.length} jobs have ids starting with ${prefix}; give more of the id`);
}
