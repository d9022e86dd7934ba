/**
 * `raic reencode [--status] [--json]`: stores again, with the grid's current
 * encoding, the files that still use an older one (the CLI side of the
 * app's "N files use the old encoding: Re-encode" notice). Files already in
 * a re-encode job are not queued twice. Without --status it runs the jobs
 * and waits for them, like `raic upload`; --status only reports.
 */
import type { MainContext } from '../main-context';
import { callApi, parseCommandLine, withService, writeJson } from '../format/command-run';
import { formatBytes } from '../../shared/format-bytes';

export const USAGE = `usage: raic reencode [--status] [--json]
stores the files that still use an older encoding again with the grid's encoding (see raic encoding),
waiting until it is done; --status only says how many files use an older encoding`;

export async function run(argv: string[], ctx: MainContext): Promise<number> {
  const parsed = parseCommandLine(ctx, 'reencode', USAGE, { args: argv, options: { status: { type: 'boolean' }, json: { type: 'boolean' } }, strict: true });
  if (typeof parsed === 'number') return parsed;
  const { values } = parsed;
  return withService(ctx, 'reencode', USAGE, async (service) => {
    const before = await callApi(service, 'getReencodeStatus', {});
    const way = `${before.encoding.needed}-of-${before.encoding.total}`;
    if (values.status) {
      if (values.json) writeJson(ctx, before);
      else if (before.oldFiles === 0) ctx.stdout.write(`Every stored file uses ${way}.\n`);
      else ctx.stdout.write(`${before.oldFiles} files (${formatBytes(before.oldBytes)}) use an older encoding than ${way}${before.reencoding > 0 ? `; ${before.reencoding} are queued for re-encoding` : '; run raic reencode to store them again'}.\n`);
      return 0;
    }
    const started = await callApi(service, 'startReencode', {});
    if (!values.json) ctx.stdout.write(`${started.message}\n`);
    if (before.oldFiles > 0) {
      // The CLI runs no monitor: only the job queue, until it is through.
      service.startBackground({ monitor: false });
      await service.jobsIdle();
    }
    const after = await callApi(service, 'getReencodeStatus', {});
    if (values.json) writeJson(ctx, { ...started, remaining: after.oldFiles });
    else if (after.oldFiles > 0) ctx.stdout.write(`${after.oldFiles} files could not be re-encoded; see raic jobs for why, then run raic reencode again.\n`);
    else if (before.oldFiles > 0) ctx.stdout.write(`Done: every stored file uses ${way}.\n`);
    return after.oldFiles > 0 ? 1 : 0;
  });
}
