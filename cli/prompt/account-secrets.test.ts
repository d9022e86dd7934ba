import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { expect, it } from 'vitest';
import { gatherAccountSecrets, gatherReplacementSecrets, secretRulesFor } from './account-secrets';
import { Capture } from '../test-support/commands';

const stdinWith = (text: string): NodeJS.ReadableStream => Readable.from([Buffer.from(text)]);

it('asks SFTP for a password unless a private key file is given, whose passphrase is optional', () => {
  expect(secretRulesFor('sftp', false)).toEqual({ required: ['password'], optional: [] });
  expect(secretRulesFor('sftp', true)).toEqual({ required: [], optional: ['passphrase'] });
  expect(secretRulesFor('s3', false).required).toEqual(['accessKeyId', 'secretAccessKey']);
  expect(secretRulesFor('local', false)).toEqual({ required: [], optional: [] });
});

it('reads the private key from its file and the rest from stdin lines', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'raic-cli-keyfile-'));
  try {
    const keyFile = join(dir, 'id_ed25519');
    await writeFile(keyFile, '-----BEGIN OPENSSH PRIVATE KEY-----\nabc=\n-----END OPENSSH PRIVATE KEY-----\n');
    const common = { provider: 'sftp' as const, fromStdin: true, privateKeyFile: keyFile, promptOutput: new Capture() };
    expect(await gatherAccountSecrets({ ...common, stdin: stdinWith('passphrase=p=1\n') })).toEqual({
      privateKey: '-----BEGIN OPENSSH PRIVATE KEY-----\nabc=\n-----END OPENSSH PRIVATE KEY-----\n',
      passphrase: 'p=1',
    });
    await expect(gatherAccountSecrets({ ...common, stdin: stdinWith('password=x\n') })).rejects.toThrow(/"password" is not a secret field of sftp accounts; expected passphrase/);
    await expect(gatherAccountSecrets({ ...common, privateKeyFile: join(dir, 'missing'), stdin: stdinWith('') })).rejects.toThrow(/cannot read the private key file .*missing: ENOENT/);
    await expect(gatherAccountSecrets({ ...common, provider: 's3', stdin: stdinWith('') })).rejects.toThrow('--private-key-file applies only to sftp accounts');
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});

it('needs a terminal or --secrets-stdin when secrets are required, and lets an edit change only some', async () => {
  const sources = { provider: 'webdav' as const, fromStdin: false, stdin: stdinWith(''), promptOutput: new Capture() };
  await expect(gatherAccountSecrets(sources)).rejects.toThrow(/webdav accounts need password; run this in a terminal/);
  expect(await gatherAccountSecrets({ ...sources, provider: 'local' })).toEqual({});
  expect(await gatherReplacementSecrets({ ...sources, provider: 's3', fromStdin: true, stdin: stdinWith('secretAccessKey=new\n') })).toEqual({ secretAccessKey: 'new' });
});
