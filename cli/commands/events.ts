/** `raic events [--limit N] [--severity info|warning|error] [--account NAME|ID] [--json]`: the grid's health and activity log, newest first. */
import type { MainContext } from '../main-context';
import type { HealthEventRecord } from '../../shared/api';
import { callApi, parseCommandLine, UsageError, withService, writeJson } from '../format/command-run';
import { formatTimestamp } from '../format/time';
import { resolveAccount } from '../prompt/account-lookup';

export const USAGE = 'usage: raic events [--limit N] [--severity info|warning|error] [--account NAME|ID] [--json]';
const DEFAULT_LIMIT = 50;

export async function run(argv: string[], ctx: MainContext): Promise<number> {
  const parsed = parseCommandLine(ctx, 'events', USAGE, {
    args: argv,
    options: { limit: { type: 'string' }, severity: { type: 'string' }, account: { type: 'string' }, json: { type: 'boolean' } },
    strict: true,
  });
  if (typeof parsed === 'number') return parsed;
  const { values } = parsed;
  return withService(ctx, 'events', USAGE, async (service) => {
    const limit = values.limit === undefined ? DEFAULT_LIMIT : Number(values.limit);
    if (!Number.isInteger(limit)) throw new UsageError(`--limit: "${values.limit}" is not a whole number`);
    const accountId = values.account === undefined ? undefined : resolveAccount((await callApi(service, 'getStatus', {})).accounts, values.account).id;
    const events = await callApi(service, 'listEvents', { limit, severity: values.severity, accountId });
    if (values.json) writeJson(ctx, events);
    else ctx.stdout.write(formatEvents(events));
    return 0;
  });
}

const SEVERITY_MARK: Record<HealthEventRecord['severity'], string> = { info: ' ', warning: '!', error: '✗' };

function formatEvents(events: readonly HealthEventRecord[]): string {
  if (events.length === 0) return 'No events.\n';
  return events.map((event) => `${formatTimestamp(event.at)} ${SEVERITY_MARK[event.severity]} ${event.message}\n`).join('');
}
