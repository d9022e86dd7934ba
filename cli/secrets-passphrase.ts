/**
 * Where the passphrase of the encrypted secrets file comes from, for machines
 * without a keychain (a NAS without a Secret Service). Never an argument or
 * an environment variable: a hidden prompt on the terminal, or the first line
 * of standard input with --passphrase-stdin. A new secrets file is created
 * only when the user asked for it with --secrets-file, and its passphrase is
 * typed twice and checked against the policy.
 */
import { existsSync } from 'node:fs';
import { createInterface } from 'node:readline';
import { checkNewPassphrase, secretsFilePath } from '../service/secrets';
import { askHidden } from './prompt/hidden-input';

export interface PassphraseOptions {
  dataDir: string;
  /** --secrets-file: the user chose the encrypted file over the keychain. */
  useSecretsFile: boolean;
  /** --passphrase-stdin: read it from the first line of standard input. */
  fromStdin: boolean;
  stdin: NodeJS.ReadableStream & { isTTY?: boolean };
  stderr: NodeJS.WritableStream;
}

/** A passphrase source for RaicService.open, or undefined when the secrets file is neither there nor wanted. */
export function passphraseSource(options: PassphraseOptions): (() => Promise<string>) | undefined {
  const exists = existsSync(secretsFilePath(options.dataDir));
  if (!exists && !options.useSecretsFile) return undefined;
  return async () => {
    if (options.fromStdin) {
      const passphrase = await firstLine(options.stdin);
      if (!exists) checkNewPassphrase(passphrase);
      return passphrase;
    }
    if (!options.stdin.isTTY) {
      throw new Error('RAIC needs the passphrase of its secrets file: run it in a terminal, or pipe the passphrase in with --passphrase-stdin.');
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
