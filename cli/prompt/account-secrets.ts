/**
 * Collects an account's secret fields the two ways RAIC accepts them: typed at
 * a hidden terminal prompt, or as field=value lines on standard input with
 * --secrets-stdin. An SFTP private key is read from the file the user names.
 */
import { readFile } from 'node:fs/promises';
import { PROVIDERS, SECRET_FIELDS, type ProviderId } from '../../shared/accounts';
import { askHidden } from './hidden-input';
import { SecretInputError, parseSecretLines } from './secret-lines';
import { isTerminal, readAllText } from './stdin';

export interface SecretSources {
  provider: ProviderId;
  /** Read field=value lines from `stdin` instead of prompting. */
  fromStdin: boolean;
  /** For SFTP: a file whose content is the private key, instead of a password. */
  privateKeyFile?: string;
  stdin: NodeJS.ReadableStream;
  /** Where prompts are written (stderr, so stdout stays clean for --json). */
  promptOutput: NodeJS.WritableStream;
}

/** Which secrets must and may be given, given how the user chose to sign in. */
export function secretRulesFor(provider: ProviderId, hasPrivateKeyFile: boolean): { required: string[]; optional: string[] } {
  if (provider === 'sftp') {
    return hasPrivateKeyFile ? { required: [], optional: ['passphrase'] } : { required: ['password'], optional: [] };
  }
  return { required: [...SECRET_FIELDS[provider]], optional: [] };
}

export async function gatherAccountSecrets(sources: SecretSources): Promise<Record<string, string>> {
  const { provider, privateKeyFile } = sources;
  if (privateKeyFile !== undefined && provider !== 'sftp') throw new Error('--private-key-file applies only to sftp accounts');
  if (provider === 'rclone') return gatherRcloneSecretOptions(sources);
  const rules = secretRulesFor(provider, privateKeyFile !== undefined);
  const secrets: Record<string, string> = {};
  if (privateKeyFile !== undefined) secrets.privateKey = await readPrivateKey(privateKeyFile);
  if (rules.required.length === 0 && rules.optional.length === 0) return secrets;

  if (sources.fromStdin) {
    const text = await readAllText(sources.stdin, sources.promptOutput);
    return { ...secrets, ...parseSecretLines(text, { allowed: [...rules.required, ...rules.optional], required: rules.required, forWhat: `${provider} accounts` }) };
  }
  if (!isTerminal(sources.stdin)) {
    throw new Error(
      `${provider} accounts need ${rules.required.join(' and ') || 'secrets'}; run this in a terminal to be asked for them, ` +
        `or pass --secrets-stdin and write field=value lines on standard input`,
    );
  }
  for (const field of rules.required) {
    const answer = await askHidden(`${labelOf(provider, field)} (not shown): `, sources.stdin, sources.promptOutput);
    if (answer === '') throw new Error(`${field} was left empty`);
    secrets[field] = answer;
  }
  for (const field of rules.optional) {
    const answer = await askHidden(`${labelOf(provider, field)} (not shown; Enter if none): `, sources.stdin, sources.promptOutput);
    if (answer !== '') secrets[field] = answer;
  }
  return secrets;
}

/** Secrets replacing an account's stored ones (edit --change-secrets): any of the provider's secret fields, none required. */
export async function gatherReplacementSecrets(sources: SecretSources): Promise<Record<string, string>> {
  if (sources.provider === 'rclone') return gatherRcloneSecretOptions(sources);
  const allowed = SECRET_FIELDS[sources.provider].filter((field) => field !== 'privateKey');
  if (sources.fromStdin) {
    const secrets = parseSecretLines(await readAllText(sources.stdin, sources.promptOutput), { allowed, required: [], forWhat: `${sources.provider} accounts` });
    return sources.privateKeyFile !== undefined ? { ...secrets, privateKey: await readPrivateKey(sources.privateKeyFile) } : secrets;
  }
  return gatherAccountSecrets(sources);
}

/**
 * An rclone remote's secret options (pass, token, ...): rclone's own option
 * names, so any `key=value` line on standard input is one, kept together as
 * the account's one secret field. Without --secrets-stdin there are none
 * (a `local` remote needs none). Errors name lines and keys, never values.
 */
async function gatherRcloneSecretOptions(sources: SecretSources): Promise<Record<string, string>> {
  if (!sources.fromStdin) return {};
  const text = await readAllText(sources.stdin, sources.promptOutput);
  const seen = new Set<string>();
  const lines: string[] = [];
  text.split('\n').forEach((rawLine, index) => {
    const line = rawLine.endsWith('\r') ? rawLine.slice(0, -1) : rawLine;
    if (line.trim() === '') return;
    const equals = line.indexOf('=');
    const key = equals > 0 ? line.slice(0, equals).trim() : '';
    if (!/^[a-z][a-z0-9_]*$/.test(key)) throw new SecretInputError(`standard input line ${index + 1} is not option=value with an rclone option name (e.g. pass=...)`);
    if (seen.has(key)) throw new SecretInputError(`${key} is given twice on standard input`);
    if (line.slice(equals + 1).trim() === '') throw new SecretInputError(`${key} is empty on standard input`);
    seen.add(key);
    lines.push(`${key}=${line.slice(equals + 1).trim()}`);
  });
  return lines.length > 0 ? { secretOptions: lines.join('\n') } : {};
}

async function readPrivateKey(file: string): Promise<string> {
  try {
    return await readFile(file, 'utf8');
  } catch (error) {
    throw new Error(`cannot read the private key file ${file}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`);
  }
}

function labelOf(provider: ProviderId, field: string): string {
  return PROVIDERS.find((p) => p.id === provider)?.fields.find((f) => f.name === field)?.label ?? field;
}
