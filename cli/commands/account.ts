/**
 * `raic account add|list|test|edit|remove`: the storage accounts of the grid.
 * Settings come from flags; secrets only from a hidden prompt or, with
 * --secrets-stdin, from field=value lines on standard input, never from flags
 * (shell history, process list) and never printed back.
 */
import type { MainContext } from '../main-context';
import { parseInput, type AccountSummary } from '../../shared/api';
import { PROVIDERS } from '../../shared/accounts';
import type { AnyProvider } from '../../shared/providers';
import type { RaicService } from '../../service/raic-service';
import { parseCommandLine, reportingFailures, usageFailure, usingService, withService, writeJson, failure, callApi } from '../format/command-run';
import { formatAccountDetail, formatAccountTable, formatConnectionTest } from '../format/accounts';
import { findSecretFlag, isProviderId, parseFraction, secretFlagRefusal, settingFlagOptions, settingsFromFlags } from '../prompt/account-flags';
import { gatherAccountSecrets, gatherReplacementSecrets } from '../prompt/account-secrets';
import { resolveAccount } from '../prompt/account-lookup';
import { stdinOf } from '../prompt/stdin';
import { addFromRcloneConfig, authorize } from './account-sign-in';

const ADD_USAGE =
  'usage: raic account add PROVIDER --name NAME [--FIELD VALUE ...] [--private-key-file FILE] [--secrets-stdin] [--json]\n' +
  '       raic account add rclone --name NAME --remote-type TYPE [--option KEY=VALUE ...] [--root PATH] [--secrets-stdin] [--json]\n' +
  '       raic account add rclone --name NAME --from-rclone-config FILE --remote REMOTE [--root PATH] [--secrets-stdin] [--json]';
const AUTHORIZE_LINE = 'usage: raic account authorize NAME|ID [--json]';
const LIST_USAGE = 'usage: raic account list [--json]';
const TEST_USAGE = 'usage: raic account test NAME|ID [--json]';
const EDIT_USAGE =
  'usage: raic account edit NAME|ID [--FIELD VALUE ...] [--change-secrets [--secrets-stdin] [--private-key-file FILE]]\n' +
  '         [--same-domain-as OTHER | --own-domain | --detected-domain] [--domain-loss-probability P|none] [--domain-availability A|none] [--json]';
const REMOVE_USAGE = 'usage: raic account remove NAME|ID [--move-shares | --force] [--json]';
/** The providers `account add` takes, from the registry (a test passes one with a fixture provider added). */
export function providerList(providers: readonly AnyProvider[] = PROVIDERS): string {
  return providers.map((p) => p.id).join(', ');
}

export function accountUsage(providers: readonly AnyProvider[] = PROVIDERS): string {
  return (
    [ADD_USAGE, LIST_USAGE, TEST_USAGE, EDIT_USAGE, REMOVE_USAGE, AUTHORIZE_LINE].join('\n').replace(/\nusage: /g, '\n       ') +
    `\n\nPROVIDER is one of ${providerList(providers)}. Fields are the provider's settings in kebab case, e.g. --path, --preset, --endpoint,` +
    '\n--region, --bucket, --prefix, --auth, --auth-url, --user, --container, --url, --username, --host, --port, --root,' +
    '\n--host-key-sha256, --remote-type, --option KEY=VALUE (repeatable), --size-limit (bytes, 10GB, 500MiB),' +
    '\n--loss-probability, --availability (0..1 or 99.9%).' +
    '\nFailure domains (accounts that fail together, such as folders on one disk): --same-domain-as OTHER says the' +
    '\naccount is on the same disk or login as the account OTHER, --own-domain that it fails independently of all' +
    '\nothers, --detected-domain goes back to what RAIC detected. --domain-loss-probability and --domain-availability' +
    '\nset the part of the risk the whole domain carries (the disk failing, the login closed; "none" goes back to' +
    '\nthe estimate); --loss-probability and --availability stay the account\'s whole figures.' +
    '\nSecrets are asked for without echo, or read as field=value lines from standard input with --secrets-stdin;' +
    '\nan rclone remote\'s secret options (pass, token, ...) are read as option=value lines with --secrets-stdin.'
  );
}
export const USAGE = accountUsage();

const ACTIONS: Record<string, (argv: string[], ctx: MainContext) => Promise<number>> = { add, list, test, edit, remove, authorize };

export async function run(argv: string[], ctx: MainContext): Promise<number> {
  const [action, ...rest] = argv;
  if (action === '--help' || action === '-h' || rest.includes('--help') || rest.includes('-h')) {
    ctx.stdout.write(`${USAGE}\n`);
    return 0;
  }
  const handler = action === undefined ? undefined : ACTIONS[action];
  if (!handler) return usageFailure(ctx, 'account', action === undefined ? 'choose what to do' : `unknown action "${action}"`, USAGE);
  return handler(rest, ctx);
}

const SECRET_SOURCE_OPTIONS = {
  'private-key-file': { type: 'string' },
  'secrets-stdin': { type: 'boolean' },
  json: { type: 'boolean' },
} as const;

async function add(argv: string[], ctx: MainContext): Promise<number> {
  const command = 'account add';
  if (argv.some((arg) => arg === '--from-rclone-config' || arg.startsWith('--from-rclone-config='))) return addFromRcloneConfig(argv, ctx);
  const secretFlag = findSecretFlag(argv);
  if (secretFlag) return usageFailure(ctx, command, secretFlagRefusal(secretFlag), ADD_USAGE);
  const parsed = parseCommandLine(ctx, command, ADD_USAGE, {
    args: argv,
    options: { ...settingFlagOptions(), ...SECRET_SOURCE_OPTIONS },
    allowPositionals: true,
    strict: true,
  });
  if (typeof parsed === 'number') return parsed;
  const { values, positionals } = parsed;
  const provider = positionals[0];
  if (positionals.length !== 1 || provider === undefined || !isProviderId(provider)) {
    const problem = positionals.length > 1 ? `expected one PROVIDER, got ${positionals.join(' ')}` : `PROVIDER must be one of ${providerList()}`;
    return usageFailure(ctx, command, problem, ADD_USAGE);
  }
  let settings: Record<string, unknown>;
  try {
    settings = settingsFromFlags(provider, values);
  } catch (error) {
    return usageFailure(ctx, command, (error as Error).message, ADD_USAGE);
  }
  return reportingFailures(ctx, command, ADD_USAGE, async () => {
    // Secrets before the service opens: a missing one should not cost a grid start.
    const secrets = await gatherAccountSecrets({
      provider,
      fromStdin: values['secrets-stdin'] === true,
      privateKeyFile: values['private-key-file'],
      stdin: stdinOf(ctx),
      promptOutput: ctx.stderr,
    });
    const input = parseInput('addAccount', { provider, ...settings, ...secrets });
    const account = await usingService(ctx, (service) => callApi(service, 'addAccount', input));
    if (values.json) writeJson(ctx, account);
    else ctx.stdout.write(`Added account ${formatAccountDetail(account)}`);
    return 0;
  });
}

async function list(argv: string[], ctx: MainContext): Promise<number> {
  const parsed = parseCommandLine(ctx, 'account list', LIST_USAGE, { args: argv, options: { json: { type: 'boolean' } }, strict: true });
  if (typeof parsed === 'number') return parsed;
  return withService(ctx, 'account list', LIST_USAGE, async (service) => {
    const { accounts } = await callApi(service, 'getStatus', {});
    if (parsed.values.json) writeJson(ctx, accounts);
    else ctx.stdout.write(formatAccountTable(accounts));
    return 0;
  });
}

/** Parses `NAME|ID [options]` for the actions that work on one saved account. */
function parseAccountCommand<O extends Parameters<typeof parseCommandLine>[3]['options']>(
  ctx: MainContext,
  command: string,
  usage: string,
  argv: string[],
  options: O,
) {
  const parsed = parseCommandLine(ctx, command, usage, { args: argv, options, allowPositionals: true, strict: true });
  if (typeof parsed === 'number') return parsed;
  if (parsed.positionals.length !== 1) {
    return usageFailure(ctx, command, parsed.positionals.length === 0 ? 'NAME|ID is required' : 'expected one NAME|ID (quote names with spaces)', usage);
  }
  return { values: parsed.values, nameOrId: parsed.positionals[0]! };
}

async function findAccount(service: RaicService, nameOrId: string): Promise<AccountSummary> {
  const { accounts } = await callApi(service, 'getStatus', {});
  return resolveAccount(accounts, nameOrId);
}

async function test(argv: string[], ctx: MainContext): Promise<number> {
  const parsed = parseAccountCommand(ctx, 'account test', TEST_USAGE, argv, { json: { type: 'boolean' } });
  if (typeof parsed === 'number') return parsed;
  return withService(ctx, 'account test', TEST_USAGE, async (service) => {
    const account = await findAccount(service, parsed.nameOrId);
    const result = await callApi(service, 'testAccount', { id: account.id });
    if (parsed.values.json) writeJson(ctx, result);
    else ctx.stdout.write(`${account.name}:\n${formatConnectionTest(result)}`);
    return result.ok ? 0 : 1;
  });
}

async function edit(argv: string[], ctx: MainContext): Promise<number> {
  const command = 'account edit';
  const secretFlag = findSecretFlag(argv);
  if (secretFlag) return usageFailure(ctx, command, `${secretFlagRefusal(secretFlag)} (with --change-secrets)`, EDIT_USAGE);
  const parsed = parseAccountCommand(ctx, command, EDIT_USAGE, argv, {
    ...settingFlagOptions(),
    ...SECRET_SOURCE_OPTIONS,
    'change-secrets': { type: 'boolean' },
    ...GROUPING_OPTIONS,
  });
  if (typeof parsed === 'number') return parsed;
  const { values } = parsed;
  const changeSecrets = values['change-secrets'] === true;
  const groupingProblem = groupingFlagProblem(values);
  if (groupingProblem) return usageFailure(ctx, command, groupingProblem, EDIT_USAGE);
  if (!changeSecrets && (values['secrets-stdin'] || values['private-key-file'] !== undefined)) {
    return usageFailure(ctx, command, '--secrets-stdin and --private-key-file change secrets; add --change-secrets to say so', EDIT_USAGE);
  }
  return withService(ctx, command, EDIT_USAGE, async (service) => {
    const account = await findAccount(service, parsed.nameOrId);
    let changes: Record<string, string | number | null>;
    try {
      changes = settingsFromFlags(account.provider, values, { allowClear: true });
    } catch (error) {
      return usageFailure(ctx, command, (error as Error).message, EDIT_USAGE);
    }
    if (changeSecrets) {
      const secrets = await gatherReplacementSecrets({
        provider: account.provider,
        fromStdin: values['secrets-stdin'] === true,
        privateKeyFile: values['private-key-file'],
        stdin: stdinOf(ctx),
        promptOutput: ctx.stderr,
      });
      changes = { ...changes, ...secrets };
    }
    changes = { ...changes, ...(await groupingChanges(service, account, values)) };
    if (Object.keys(changes).length === 0) {
      return usageFailure(ctx, command, 'nothing to change: give at least one --FIELD VALUE, a domain flag or --change-secrets', EDIT_USAGE);
    }
    const updated = await callApi(service, 'editAccount', { id: account.id, changes });
    if (values.json) writeJson(ctx, updated);
    else ctx.stdout.write(`Updated account ${formatAccountDetail(updated)}`);
    return 0;
  });
}

const GROUPING_OPTIONS = {
  'same-domain-as': { type: 'string' },
  'own-domain': { type: 'boolean' },
  'detected-domain': { type: 'boolean' },
  'domain-loss-probability': { type: 'string' },
  'domain-availability': { type: 'string' },
} as const;

/** Conflicting or malformed domain flags, in words; undefined when they are fine. */
function groupingFlagProblem(values: Readonly<Record<string, unknown>>): string | undefined {
  const chosen = ['same-domain-as', 'own-domain', 'detected-domain'].filter((flag) => values[flag] !== undefined && values[flag] !== false);
  if (chosen.length > 1) return `choose one of ${chosen.map((flag) => `--${flag}`).join(', ')}`;
  for (const flag of ['domain-loss-probability', 'domain-availability']) {
    const raw = values[flag];
    if (typeof raw === 'string' && raw !== 'none' && parseFraction(raw) === undefined) {
      return `--${flag}: "${raw}" is not a number between 0 and 1 (or a percentage such as 2%), or none`;
    }
  }
  return undefined;
}

/** The domain flags as editAccount changes; OTHER is found by name or id like the account itself. */
async function groupingChanges(service: RaicService, account: AccountSummary, values: Readonly<Record<string, unknown>>): Promise<Record<string, string | number | null>> {
  const changes: Record<string, string | number | null> = {};
  if (typeof values['same-domain-as'] === 'string') changes.failureDomain = `same-as:${(await findAccount(service, values['same-domain-as'])).id}`;
  if (values['own-domain'] === true) changes.failureDomain = 'own';
  if (values['detected-domain'] === true) changes.failureDomain = 'detected';
  for (const [flag, field] of [
    ['domain-loss-probability', 'domainLossProbability'],
    ['domain-availability', 'domainAvailability'],
  ] as const) {
    const raw = values[flag];
    if (typeof raw === 'string') changes[field] = raw === 'none' ? null : parseFraction(raw)!;
  }
  if (changes.failureDomain === `same-as:${account.id}`) throw new Error(`--same-domain-as names "${account.name}" itself: name another account`);
  return changes;
}

async function remove(argv: string[], ctx: MainContext): Promise<number> {
  const command = 'account remove';
  const parsed = parseAccountCommand(ctx, command, REMOVE_USAGE, argv, {
    'move-shares': { type: 'boolean' },
    force: { type: 'boolean' },
    json: { type: 'boolean' },
  });
  if (typeof parsed === 'number') return parsed;
  const { values } = parsed;
  const moveShares = values['move-shares'] === true;
  const force = values.force === true;
  if (moveShares && force) return usageFailure(ctx, command, 'choose either --move-shares or --force', REMOVE_USAGE);
  return withService(ctx, command, REMOVE_USAGE, async (service) => {
    const account = await findAccount(service, parsed.nameOrId);
    const plan = await callApi(service, 'planAccountRemoval', { id: account.id });
    if (plan.filesWithShares > 0 && !moveShares && !force) {
      if (values.json) writeJson(ctx, plan);
      const how = plan.canMove
        ? 'Use --move-shares to move its shares onto your other accounts first, or --force to remove it anyway.'
        : 'Add another account and use --move-shares, or use --force to remove it anyway.';
      return failure(ctx, command, `${plan.message} ${how}`);
    }
    if (!values.json) ctx.stdout.write(`${plan.message}\n`);
    const result = await callApi(service, 'removeAccount', { id: account.id, moveShares, force });
    if (values.json) writeJson(ctx, result);
    else ctx.stdout.write(`Removed "${account.name}"${result.filesMoved > 0 ? ` after moving the shares of ${result.filesMoved} files` : ''}.\n`);
    return 0;
  });
}
