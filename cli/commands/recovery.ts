/**
 * `raic recovery-key [--out FILE] [--json]` shows (or saves) the recovery key;
 * `raic recovery restore (--key-file FILE | --words-stdin) [--json]` rebuilds
 * the file list of a lost RAIC from the catalog backup on the accounts.
 * The key is read from a file, standard input or a hidden prompt, never
 * from an argument, so it stays out of shell history.
 */
import { readFile, writeFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import type { MainContext } from '../main-context';
import type { RestoreResult } from '../../shared/api';
import { callApi, failure, parseCommandLine, reportingFailures, UsageError, usageFailure, usingService, withService, writeJson } from '../format/command-run';
import { formatRecoveryWords, RECOVERY_WARNING } from '../format/recovery';
import { askHidden } from '../prompt/hidden-input';
import { isTerminal, readAllText, stdinOf } from '../prompt/stdin';

export const KEY_USAGE = 'usage: raic recovery-key [--out FILE] [--json]';
export const RESTORE_USAGE = 'usage: raic recovery restore (--key-file FILE | --words-stdin) [--json]';

/** `raic recovery-key`. */
export async function runRecoveryKey(argv: string[], ctx: MainContext): Promise<number> {
  const command = 'recovery-key';
  const parsed = parseCommandLine(ctx, command, KEY_USAGE, { args: argv, options: { out: { type: 'string' }, json: { type: 'boolean' } }, strict: true });
  if (typeof parsed === 'number') return parsed;
  const { out, json } = parsed.values;
  return withService(ctx, command, KEY_USAGE, async (service) => {
    const key = await callApi(service, 'getRecoveryKey', {});
    if (out === undefined) {
      if (json) writeJson(ctx, key);
      else ctx.stdout.write(formatRecoveryWords(key.keyId, key.words));
      return 0;
    }
    const file = resolve(out);
    try {
      // 'wx': a key file is never overwritten, since the one there may be the only copy of another grid's key.
      await writeFile(file, key.fileText, { flag: 'wx', mode: 0o600 });
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      if (code === 'EEXIST') return failure(ctx, command, `${out} already exists; RAIC does not overwrite a recovery key file, so choose another name`);
      return failure(ctx, command, `cannot write ${out}: ${code ?? (error as Error).message}`);
    }
    // With --out the key goes only to the file, not to stdout as well.
    if (json) writeJson(ctx, { keyId: key.keyId, file });
    else ctx.stdout.write(`Wrote recovery key ${key.keyId} to ${file} (readable only by you).\n${RECOVERY_WARNING}\n`);
    return 0;
  });
}

/** `raic recovery restore`. */
export const USAGE = RESTORE_USAGE;

export async function run(argv: string[], ctx: MainContext): Promise<number> {
  const command = 'recovery restore';
  const [action, ...rest] = argv;
  if (action !== 'restore') return usageFailure(ctx, 'recovery', action === undefined ? 'choose what to do' : `unknown action "${action}"`, RESTORE_USAGE);
  const parsed = parseCommandLine(ctx, command, RESTORE_USAGE, {
    args: rest,
    options: { 'key-file': { type: 'string' }, 'words-stdin': { type: 'boolean' }, json: { type: 'boolean' } },
    strict: true,
  });
  if (typeof parsed === 'number') return parsed;
  const { values } = parsed;
  return reportingFailures(ctx, command, RESTORE_USAGE, async () => {
    const key = await readRecoveryKey(ctx, values['key-file'], values['words-stdin'] === true);
    const result = await usingService(ctx, (service) => callApi(service, 'restoreFromRecoveryKey', { key }));
    if (values.json) writeJson(ctx, result);
    else ctx.stdout.write(formatRestoreResult(result));
    return 0;
  });
}

async function readRecoveryKey(ctx: MainContext, keyFile: string | undefined, fromStdin: boolean): Promise<string> {
  if (keyFile !== undefined && fromStdin) throw new UsageError('give either --key-file or --words-stdin, not both');
  if (keyFile !== undefined) {
    try {
      return await readFile(keyFile, 'utf8');
    } catch (error) {
      throw new Error(`cannot read ${keyFile}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`);
    }
  }
  const stdin = stdinOf(ctx);
  if (fromStdin) return readAllText(stdin, ctx.stderr);
  if (!isTerminal(stdin)) throw new UsageError('give the key with --key-file FILE or --words-stdin');
  return askHidden('Recovery key (18 words, not shown): ', stdin, ctx.stderr);
}

function formatRestoreResult(result: RestoreResult): string {
  const lines = [result.message];
  if (result.missingAccounts.length > 0) {
    lines.push('Accounts your old RAIC used that this one does not have yet (add them with raic account add):');
    for (const account of result.missingAccounts) lines.push(`  ${account.name} (${account.provider}): ${account.location}`);
  }
  return lines.map((line) => `${line}\n`).join('');
}
