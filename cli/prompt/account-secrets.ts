/**
 * Collects an account's secret fields the two ways RAIC accepts them: typed at
 * a hidden terminal prompt, or as field=value lines on standard input with
 * --secrets-stdin. An SFTP private key is read from the file the user names.
 */
import { readFile } from 'node:fs/promises';
import { PROVIDERS, SECRET_FIELDS, type ProviderId } from '../../shared/accounts';
import { askHidden } from './hidden-input';
import { parseSecretLines } from './secret-lines';
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
  const allowed = SECRET_FIELDS[sources.provider].filter((field) => field !== 'privateKey');
  if (sources.fromStdin) {
    const secrets = parseSecretLines(await readAllText(sources.stdin, sources.promptOutput), { allowed, required: [], forWhat: `${sources.provider} accounts` });
    return sources.privateKeyFile !== undefined ? { ...secrets, privateKey: await readPrivateKey(sources.privateKeyFile) } : secrets;
  }
  return gatherAccountSecrets(sources);
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
