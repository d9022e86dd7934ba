/**
 * The rclone account commands that are not typed options:
 * - `raic account add rclone --name NAME --from-rclone-config FILE --remote REMOTE`
 *   imports a remote from the user's own rclone.conf (the file left as it
 *   is); an encrypted one opens with RCLONE_CONFIG_PASS, a hidden prompt, or
 *   the first line of standard input with --secrets-stdin;
 * - `raic account authorize NAME|ID` signs an account in again through the
 *   browser (when its token was revoked): it prints the page to open and
 *   waits for the sign-in to finish.
 */
import type { MainContext } from '../main-context';
import { accountInputFromRcloneConfig } from '../../service/accounts/rclone-import';
import { callApi, parseCommandLine, reportingFailures, usageFailure, usingService, withService, writeJson } from '../format/command-run';
import { formatAccountDetail } from '../format/accounts';
import { askHidden } from '../prompt/hidden-input';
import { resolveAccount } from '../prompt/account-lookup';
import { isTerminal, readAllText, stdinOf } from '../prompt/stdin';

export const IMPORT_USAGE =
  'usage: raic account add rclone --name NAME --from-rclone-config FILE --remote REMOTE [--root PATH] [--secrets-stdin] [--json]\n\n' +
  "Adds the remote REMOTE of an rclone config file (rclone config file shows yours) as an account: its type, options and\n" +
  'secrets are copied, the secrets into your keychain; the file is not changed. An encrypted config file is opened with\n' +
  'RCLONE_CONFIG_PASS if set, else its password is asked for without echo, or read from the first line of standard input\n' +
  'with --secrets-stdin.';

export const AUTHORIZE_USAGE =
  'usage: raic account authorize NAME|ID [--json]\n\n' +
  'Signs a cloud account (Google Drive, OneDrive, Dropbox, Box, pCloud, Yandex Disk …) in again, for when its sign-in was\n' +
  'revoked or expired: prints a page to open in a browser on this computer, then waits until you have signed in there.';

const wantsHelp = (argv: string[]) => argv.includes('--help') || argv.includes('-h');

/** `raic account add rclone --from-rclone-config …`; `argv` is what follows `add`. */
export async function addFromRcloneConfig(argv: string[], ctx: MainContext): Promise<number> {
  const command = 'account add rclone';
  if (wantsHelp(argv)) {
    ctx.stdout.write(`${IMPORT_USAGE}\n`);
    return 0;
  }
  const parsed = parseCommandLine(ctx, command, IMPORT_USAGE, {
    args: argv,
    options: {
      name: { type: 'string' },
      'from-rclone-config': { type: 'string' },
      remote: { type: 'string' },
      root: { type: 'string' },
      'secrets-stdin': { type: 'boolean' },
      json: { type: 'boolean' },
    },
    allowPositionals: true,
    strict: true,
  });
  if (typeof parsed === 'number') return parsed;
  const { values, positionals } = parsed;
  if (positionals.length !== 1 || positionals[0] !== 'rclone') return usageFailure(ctx, command, '--from-rclone-config goes with the rclone provider only', IMPORT_USAGE);
  const missing = (['name', 'from-rclone-config', 'remote'] as const).filter((flag) => !values[flag]);
  if (missing.length > 0) return usageFailure(ctx, command, `${missing.map((f) => `--${f}`).join(' and ')} ${missing.length > 1 ? 'are' : 'is'} required`, IMPORT_USAGE);
  return reportingFailures(ctx, command, IMPORT_USAGE, async () => {
    const input = await accountInputFromRcloneConfig({
      file: values['from-rclone-config']!,
      remote: values.remote!,
      name: values.name!,
      root: values.root,
      configPassword: () => configPassword(ctx, values['secrets-stdin'] === true),
    });
    const account = await usingService(ctx, (service) => callApi(service, 'addAccount', input));
    if (values.json) writeJson(ctx, account);
    else ctx.stdout.write(`Added account ${formatAccountDetail(account)}`);
    return 0;
  });
}

/** rclone's own variable first (people who encrypt their config already use it), then stdin or a hidden prompt. */
async function configPassword(ctx: MainContext, fromStdin: boolean): Promise<string | undefined> {
  const fromEnvironment = process.env.RCLONE_CONFIG_PASS;
  if (fromEnvironment) return fromEnvironment;
  const stdin = stdinOf(ctx);
  if (fromStdin) return (await readAllText(stdin)).split('\n')[0]?.replace(/\r$/, '') || undefined;
  if (!isTerminal(stdin)) return undefined;
  return askHidden('rclone config password: ', stdin, ctx.stderr);
}

export async function authorize(argv: string[], ctx: MainContext): Promise<number> {
  const command = 'account authorize';
  if (wantsHelp(argv)) {
    ctx.stdout.write(`${AUTHORIZE_USAGE}\n`);
    return 0;
  }
  const parsed = parseCommandLine(ctx, command, AUTHORIZE_USAGE, { args: argv, options: { json: { type: 'boolean' } }, allowPositionals: true, strict: true });
  if (typeof parsed === 'number') return parsed;
  if (parsed.positionals.length !== 1) return usageFailure(ctx, command, parsed.positionals.length === 0 ? 'NAME|ID is required' : 'expected one NAME|ID (quote names with spaces)', AUTHORIZE_USAGE);
  return withService(ctx, command, AUTHORIZE_USAGE, async (service) => {
    const { accounts } = await callApi(service, 'getStatus', {});
    const account = resolveAccount(accounts, parsed.positionals[0]!);
    const started = await callApi(service, 'startSignIn', { accountId: account.id });
    // stderr: stdout stays clean for --json.
    ctx.stderr.write(`To sign "${account.name}" in again, open this page in a browser on this computer:\n  ${started.url}\nWaiting for the sign-in to finish …\n`);
    const updated = await callApi(service, 'finishSignIn', { signInId: started.signInId });
    if (parsed.values.json) writeJson(ctx, updated);
    else ctx.stdout.write(`Signed in again: ${formatAccountDetail(updated)}`);
    return 0;
  });
}
