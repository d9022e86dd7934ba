/**
 * The rclone configuration of one account's remote: which options rclone
 * treats as passwords (they are stored obscured, as `rclone config create`
 * would), and the text of the one-remote config file that config-crypt.ts
 * encrypts. Secrets reach rclone on standard input, never as arguments
 * (arguments show in the process list).
 */
import { execFile, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { BackendConfigError } from '../types';
import type { OptionLines } from './provider';

/**
 * The AWS SDK's own CA bundle variable. rclone 1.60's s3 backend refuses to
 * start while it is set ("unsupported transport": the SDK wants to load the
 * bundle into a transport type rclone does not use), so rclone children do
 * not inherit it; the same file goes to rclone as `--ca-cert` instead.
 */
const AWS_CA_BUNDLE = 'AWS_CA_BUNDLE';

/**
 * The environment every rclone child gets: the caller's, minus any RCLONE_
 * variable that could change what it does and minus AWS_CA_BUNDLE (see
 * `rcloneCaCertFlags`).
 */
export function rcloneBaseEnvironment(): NodeJS.ProcessEnv {
  return Object.fromEntries(Object.entries(process.env).filter(([name]) => !name.toUpperCase().startsWith('RCLONE_') && name !== AWS_CA_BUNDLE));
}

/** `--ca-cert FILE` when AWS_CA_BUNDLE names a file that exists, so the CA it asks for is still trusted; else nothing. */
export function rcloneCaCertFlags(env: NodeJS.ProcessEnv = process.env): string[] {
  const bundle = env[AWS_CA_BUNDLE];
  return bundle && existsSync(bundle) ? ['--ca-cert', bundle] : [];
}

interface ProviderOptionInfo {
  Name: string;
  IsPassword?: boolean;
}
interface ProviderInfo {
  Name: string;
  Options: ProviderOptionInfo[];
}

/** `rclone config providers` once per rclone program: the remote types it knows and their password options. */
const providerTables = new Map<string, Promise<Map<string, Set<string>>>>();

function loadProviderTable(rclone: string): Promise<Map<string, Set<string>>> {
  return new Promise((resolve, reject) => {
    execFile(rclone, ['config', 'providers', '--ask-password=false'], { env: rcloneBaseEnvironment(), maxBuffer: 64 << 20, timeout: 60_000 }, (error, stdout) => {
      if (error) {
        reject(new BackendConfigError(`could not ask rclone which remote types it knows (${error.message})`, 'invalid'));
        return;
      }
      try {
        const providers = JSON.parse(stdout) as ProviderInfo[];
        resolve(new Map(providers.map((p) => [p.Name, new Set(p.Options.filter((o) => o.IsPassword).map((o) => o.Name))])));
      } catch {
        reject(new BackendConfigError('rclone answered `rclone config providers` with something that is not its list of remote types', 'invalid'));
      }
    });
  });
}

/** The options of `remoteType` rclone stores obscured; throws when this rclone does not know the type. */
export async function passwordOptionsOf(rclone: string, remoteType: string): Promise<Set<string>> {
  let table = providerTables.get(rclone);
  if (!table) {
    table = loadProviderTable(rclone);
    providerTables.set(rclone, table);
    table.catch(() => providerTables.delete(rclone));
  }
  const passwords = (await table).get(remoteType);
  if (!passwords) {
    throw new BackendConfigError(`this rclone does not know remotes of type "${remoteType}" (rclone help backends lists the ones it knows; a newer rclone may have it)`, 'invalid');
  }
  return passwords;
}

/** `rclone obscure -`: the value read from standard input, obscured as rclone stores passwords. */
export function obscure(rclone: string, value: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn(rclone, ['obscure', '-', '--ask-password=false'], { env: rcloneBaseEnvironment(), stdio: ['pipe', 'pipe', 'pipe'] });
    let out = '';
    child.stdout.setEncoding('utf8').on('data', (text: string) => (out += text));
    child.stderr.resume();
    child.on('error', (error) => reject(new BackendConfigError(`could not run rclone to obscure a password (${error.message})`, 'invalid')));
    child.on('close', (code) => {
      if (code === 0 && out.trim()) resolve(out.trim());
      else reject(new BackendConfigError(`rclone could not obscure a password option (exit code ${String(code)})`, 'invalid'));
    });
    child.stdin.end(`${value}\n`);
  });
}

export interface RemoteDefinition {
  remoteType: string;
  options: OptionLines;
  secretOptions: OptionLines;
}

/**
 * The options as rclone's config holds them: the password ones obscured. A
 * password option among the plain options is refused: it would have been
 * typed where secrets do not belong (flags, grid.json).
 */
export async function configOptions(rclone: string, remote: RemoteDefinition): Promise<OptionLines> {
  const passwords = await passwordOptionsOf(rclone, remote.remoteType);
  for (const key of Object.keys(remote.options)) {
    if (passwords.has(key)) throw new BackendConfigError(`option ${key} is a password for rclone: give it as a secret option, which is kept in the keychain`, 'invalid');
  }
  const result: OptionLines = { ...remote.options };
  for (const [key, value] of Object.entries(remote.secretOptions)) result[key] = passwords.has(key) ? await obscure(rclone, value) : value;
  return result;
}

/** The config file's text: one section, `[name]`, with the type and options. */
export function remoteSection(name: string, remoteType: string, options: Readonly<OptionLines>): string {
  const lines = [`[${name}]`, `type = ${remoteType}`];
  for (const [key, value] of Object.entries(options)) {
    if (/[\r\n]/.test(value)) throw new BackendConfigError(`option ${key} must be one line`, 'invalid');
    lines.push(`${key} = ${value}`);
  }
  return `${lines.join('\n')}\n`;
}
