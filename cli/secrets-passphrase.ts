/**
 * Where the passphrase of the encrypted secrets file comes from, for machines
 * without a keychain (a NAS without a Secret Service). Never an argument or
 * an environment variable: a hidden prompt on the terminal, the first line
 * of standard input with --passphrase-stdin, or the first line of a private
 * file (--passphrase-file FILE, or RAIC_PASSPHRASE_FILE naming it) for start
 * scripts that also pipe account secrets in with --secrets-stdin, which takes
 * standard input for itself. A new secrets file is created
 * only when the user asked for it with --secrets-file, and its passphrase is
 * typed twice and checked against the policy.
 */
import { existsSync, promises as fs } from 'node:fs';
import { createInterface } from 'node:readline';
import { checkNewPassphrase, secretsFilePath } from '../service/secrets';
import { askHidden } from './prompt/hidden-input';

export interface PassphraseOptions {
  dataDir: string;
  /** --secrets-file: the user chose the encrypted file over the keychain. */
  useSecretsFile: boolean;
  /** --passphrase-stdin: read it from the first line of standard input. */
  fromStdin: boolean;
  /** --passphrase-file (or RAIC_PASSPHRASE_FILE): read it from the first line of this file, which must be private. */
  fromFile?: string;
  stdin: NodeJS.ReadableStream & { isTTY?: boolean };
  stderr: NodeJS.WritableStream;
}

/** A passphrase source for RaicService.open, or undefined when the secrets file is neither there nor wanted. */
export function passphraseSource(options: PassphraseOptions): (() => Promise<string>) | undefined {
  const exists = existsSync(secretsFilePath(options.dataDir));
  if (!exists && !options.useSecretsFile) return undefined;
  return async () => {
    if (options.fromFile !== undefined) {
      const passphrase = await firstLineOfPrivateFile(options.fromFile);
      if (!exists) checkNewPassphrase(passphrase);
      return passphrase;
    }
    if (options.fromStdin) {
      const passphrase = await firstLine(options.stdin);
      if (!exists) checkNewPassphrase(passphrase);
      return passphrase;
    }
    if (!options.stdin.isTTY) {
      throw new Error(
        'RAIC needs the passphrase of its secrets file: run it in a terminal, pipe the passphrase in with --passphrase-stdin, or (in scripts) name a file holding it with --passphrase-file FILE or RAIC_PASSPHRASE_FILE.',
      );
    }
    const terminal = options.stdin as NodeJS.ReadStream;
    if (exists) return askHidden("Passphrase of RAIC's secrets file: ", terminal, options.stderr);
    const first = await askHidden('New passphrase for the secrets file (at least 12 characters): ', terminal, options.stderr);
    checkNewPassphrase(first);
    const again = await askHidden('The same passphrase again: ', terminal, options.stderr);
    if (again !== first) throw new Error('The two passphrases differ; nothing was created. Try again.');
    return first;
  };
}

async function firstLine(stream: NodeJS.ReadableStream): Promise<string> {
  const lines = createInterface({ input: stream, crlfDelay: Infinity });
  for await (const line of lines) {
    lines.close();
    return line;
  }
  throw new Error('--passphrase-stdin was given but standard input was empty.');
}

/** A passphrase file readable by other users is refused, as ssh refuses such a key: the passphrase would not be secret. */
async function firstLineOfPrivateFile(file: string): Promise<string> {
  let stat;
  try {
    stat = await fs.stat(file);
  } catch (error) {
    throw new Error(`The passphrase file ${file} cannot be read (${(error as NodeJS.ErrnoException).code ?? 'error'}); check the path in --passphrase-file or RAIC_PASSPHRASE_FILE.`);
  }
  if (process.platform !== 'win32' && (stat.mode & 0o077) !== 0) {
    throw new Error(`The passphrase file ${file} can be read by other users; make it private with: chmod 600 '${file}'`);
  }
  const line = (await fs.readFile(file, 'utf8')).split(/\r?\n/, 1)[0] ?? '';
  if (line === '') throw new Error(`The passphrase file ${file} is empty; write the passphrase on its first line.`);
  return line;
}
