/**
 * `raic upload SOURCE... [--to FOLDER] [--on-clash C] [--json]`: stores files and folders
 * (with everything in them) through the service's upload jobs, waits for
 * them with a progress line per running file on stderr (at most once a
 * second), then prints each stored path and its cap. Ctrl-C cancels the
 * uploads this command started. A name already taken is replaced (the old
 * content stays as an earlier version) unless --on-clash says keep-both or skip.
 */
import { resolve } from 'node:path';
import type { MainContext } from '../main-context';
import { ON_CLASH_CHOICES, type Job } from '../../shared/api';
import type { RaicService } from '../../service/raic-service';
import { callApi, parseCommandLine, usageFailure, withService, writeJson } from '../format/command-run';
import { formatProgressLine } from '../format/jobs';

export const USAGE = 'usage: raic upload SOURCE... [--to FOLDER] [--on-clash replace|keep-both|skip] [--json]';
const PROGRESS_INTERVAL_MS = 1000;

export async function run(argv: string[], ctx: MainContext): Promise<number> {
  const parsed = parseCommandLine(ctx, 'upload', USAGE, {
    args: argv,
    options: { to: { type: 'string' }, 'on-clash': { type: 'string' }, json: { type: 'boolean' } },
    allowPositionals: true,
    strict: true,
  });
  if (typeof parsed === 'number') return parsed;
  const { values, positionals } = parsed;
  if (positionals.length === 0) return usageFailure(ctx, 'upload', 'SOURCE is required', USAGE);
  const onClash = values['on-clash'];
  if (onClash !== undefined && !ON_CLASH_CHOICES.some((choice) => choice === onClash)) {
    return usageFailure(ctx, 'upload', `--on-clash takes replace, keep-both or skip (got "${onClash}")`, USAGE);
  }
  // The service takes full paths: it may run elsewhere than the shell's current folder.
  const sources = positionals.map((source) => resolve(source));
  return withService(ctx, 'upload', USAGE, async (service) => {
    const { jobs: submitted, skipped = [] } = await callApi(service, 'uploadPaths', { sources, folder: values.to ?? '/', ...(onClash ? { onClash } : {}) });
    for (const path of skipped) ctx.stderr.write(`raic upload: skipped ${path}: a file with that name is already there\n`);
    const jobs = await waitForJobs(service, ctx, submitted.map((job) => job.id));
    if (values.json) writeJson(ctx, skipped.length > 0 ? { jobs, skipped } : { jobs });
    let failed = 0;
    for (const job of jobs) {
      const stored = storedFileOf(job);
      if (job.state === 'done' && stored) {
        if (!values.json) ctx.stdout.write(`${stored.path}  ${stored.cap}\n`);
      } else {
        failed++;
        ctx.stderr.write(`raic upload: ${job.title}: ${job.state === 'cancelled' ? 'cancelled' : job.error ?? 'failed'}\n`);
      }
    }
    return failed > 0 ? 1 : 0;
  });
}

/** Runs the job queue until it is idle, reporting progress, and returns the final state of the jobs in `ids`. */
async function waitForJobs(service: RaicService, ctx: MainContext, ids: string[]): Promise<Job[]> {
  const ours = async (): Promise<Job[]> => {
    const all = await callApi(service, 'listJobs', {});
    return ids.map((id) => all.find((job) => job.id === id)).filter((job): job is Job => job !== undefined);
  };
  const reportProgress = async (): Promise<void> => {
    for (const job of await ours()) if (job.state === 'running') ctx.stderr.write(`${formatProgressLine(job)}\n`);
  };
  const cancelOurs = (): void => {
    ctx.stderr.write('raic upload: cancelling\n');
    for (const id of ids) void callApi(service, 'cancelJob', { id }).catch(() => undefined);
  };
  const timer = setInterval(() => void reportProgress().catch(() => undefined), PROGRESS_INTERVAL_MS);
  process.once('SIGINT', cancelOurs);
  try {
    // The CLI has no monitor to run: only the queue, and only until our uploads are through.
    service.startBackground({ monitor: false });
    await service.jobsIdle();
  } finally {
    clearInterval(timer);
    process.removeListener('SIGINT', cancelOurs);
  }
  return ours();
}

/** An upload job's result: where the file went and its cap. */
function storedFileOf(job: Job): { path: string; cap: string } | undefined {
  const result = job.result as { path?: unknown; cap?: unknown } | null | undefined;
  return typeof result?.path === 'string' && typeof result.cap === 'string' ? { path: result.path, cap: result.cap } : undefined;
}
