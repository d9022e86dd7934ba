/** `raic trash list|restore PATH|empty`: what was deleted, bringing it back, and freeing its space. */
import type { MainContext } from '../main-context';
import { callApi, parseCommandLine, usageFailure, withService, writeJson } from '../format/command-run';
import { formatTrash } from '../format/trash';
import { formatBytes } from '../../shared/format-bytes';

export const USAGE = 'usage: raic trash [list] [--json]\n       raic trash restore PATH [--json]\n       raic trash empty [--json]\n       raic trash keep DAYS';
export const HELP = `${USAGE}

  list            what was deleted, when, and when its space is freed
  restore PATH    puts the newest item deleted from PATH back there; if
                  something else is at PATH now, it comes back beside it as
                  "name (restored)"
  empty           frees the space of everything in the trash now (no undo)
  keep DAYS       how many days deleted items stay (30 unless changed)
  --json          print the result as JSON`;

export async function run(argv: string[], ctx: MainContext): Promise<number> {
  const parsed = parseCommandLine(ctx, 'trash', USAGE, { args: argv, options: { json: { type: 'boolean' } }, allowPositionals: true, strict: true });
  if (typeof parsed === 'number') return parsed;
  const [action = 'list', ...operands] = parsed.positionals;
  const json = parsed.values.json === true;
  if (action === 'list' && operands.length === 0) {
    return withService(ctx, 'trash list', USAGE, async (service) => {
      const listing = await callApi(service, 'listTrash', {});
      if (json) writeJson(ctx, listing);
      else ctx.stdout.write(formatTrash(listing));
      return 0;
    });
  }
  if (action === 'restore') {
    if (operands.length !== 1) return usageFailure(ctx, 'trash restore', operands.length === 0 ? 'PATH is required' : 'expected one PATH', USAGE);
    return withService(ctx, 'trash restore', USAGE, async (service) => {
      const result = await callApi(service, 'restoreFromTrash', { path: operands[0]! });
      if (json) writeJson(ctx, result);
      else ctx.stdout.write(result.restoredTo === result.item.path ? `Restored ${result.restoredTo}.\n` : `Restored ${result.item.path} as ${result.restoredTo} (its place was taken).\n`);
      return 0;
    });
  }
  if (action === 'empty' && operands.length === 0) {
    return withService(ctx, 'trash empty', USAGE, async (service) => {
      const before = await callApi(service, 'listTrash', {});
      const result = await callApi(service, 'emptyTrash', {});
      const bytes = before.items.reduce((sum, item) => sum + item.bytes + item.versionBytes, 0);
      if (json) writeJson(ctx, result);
      else ctx.stdout.write(result.removed === 0 ? 'The trash was already empty.\n' : `Emptied the trash: ${result.removed} deleted ${result.removed === 1 ? 'item' : 'items'} (${formatBytes(bytes)}) are gone for good.\n`);
      return 0;
    });
  }
  if (action === 'keep' && operands.length === 1) {
    const days = Number(operands[0]);
    if (!Number.isInteger(days) || days < 1) return usageFailure(ctx, 'trash keep', `DAYS must be a whole number of days, at least 1 (got "${operands[0]}")`, USAGE);
    return withService(ctx, 'trash keep', USAGE, async (service) => {
      const retention = await callApi(service, 'setRetention', { trashDays: days });
      if (json) writeJson(ctx, retention);
      else ctx.stdout.write(`Deleted items now stay ${retention.trashDays} days in the trash.\n`);
      return 0;
    });
  }
  return usageFailure(ctx, 'trash', `unknown action "${parsed.positionals.join(' ')}"`, USAGE);
}
