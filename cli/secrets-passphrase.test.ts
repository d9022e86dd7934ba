/**
 * The passphrase of the secrets file from a private file, for start scripts
 * that pipe account secrets in with --secrets-stdin (issue 15, item 7): the
 * two cannot share standard input, so that combination is refused with the
 * way out named, and a passphrase file others could read is refused.
 */
import { chmod, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { passphraseSource } from './secrets-passphrase';
import { main } from './main';
import { Capture } from './test-support/commands';

let root: string;
beforeEach(async () => {
  root = await mkdtemp(join(tmpdir(), 'raic-passphrase-file-'));
});
afterEach(() => rm(root, { recursive: true, force: true }));

function sourceFor(file: string): () => Promise<string> {
  const source = passphraseSource({ dataDir: join(root, 'data'), useSecretsFile: true, fromStdin: false, fromFile: file, stdin: Readable.from([]), stderr: new Capture() });
  if (!source) throw new Error('expected a passphrase source');
  return source;
}

describe('--passphrase-file', () => {
  it('reads the first line of a private file', async () => {
    const file = join(root, 'passphrase');
    await writeFile(file, 'correct horse battery staple\nsecond line ignored\n', { mode: 0o600 });
    expect(await sourceFor(file)()).toBe('correct horse battery staple');
  });

  it('refuses a file other users can read, naming the fix and not the passphrase', async () => {
    const file = join(root, 'passphrase');
    await writeFile(file, 'correct horse battery staple\n');
    await chmod(file, 0o644);
    const error = (await sourceFor(file)().then(() => new Error('accepted'), (e: unknown) => e)) as Error;
    expect(error.message).toContain(`chmod 600 '${file}'`);
    expect(error.message).not.toContain('horse');
    const missing = (await sourceFor(join(root, 'nope'))().then(() => new Error('accepted'), (e: unknown) => e)) as Error;
    expect(missing.message).toMatch(/cannot be read \(ENOENT\)/);
  });

  it('is what main() points to when --passphrase-stdin and --secrets-stdin are combined', async () => {
    const stdout = new Capture();
    const stderr = new Capture();
    const code = await main(
      ['--data-dir', join(root, 'data'), '--secrets-file', '--passphrase-stdin', 'account', 'add', 'webdav', '--name', 'Nc', '--url', 'https://nc.example/dav/', '--username', 'me', '--secrets-stdin'],
      { stdout, stderr },
    );
    expect(code).toBe(2);
    expect(stderr.text).toMatch(/both want standard input.*--passphrase-file FILE \(or RAIC_PASSPHRASE_FILE=FILE\)/);
  });
});
