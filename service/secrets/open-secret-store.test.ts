/**
 * Which store openSecretStore picks. Cases with a usable keychain run in this
 * process against a real Secret Service (process.env points at its bus before
 * the first keychain call); cases without one run in a child process whose
 * D-Bus address leads nowhere, since the keychain library keeps the first bus
 * it used for the life of a process.
 */
import { mkdtemp, readFile, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSecretService, type SecretService } from '../../scripts/servers/secret-service';
import { EncryptedFileSecretStore } from './encrypted-file-store';
import { NoSecretStoreError, openSecretStore, secretsFilePath } from './open-secret-store';
import { runSecretsChild } from './test-support/run-child';

const PASSPHRASE = 'a long and quite unusual passphrase';

let secretService: SecretService;
let scratch: string;
let noBus: string;
let dirCount = 0;
const newDataDir = () => path.join(scratch, `data-${(dirCount += 1)}`);

beforeAll(async () => {
  secretService = await startSecretService();
  process.env.DBUS_SESSION_BUS_ADDRESS = secretService.env.DBUS_SESSION_BUS_ADDRESS;
  scratch = await mkdtemp(path.join(tmpdir(), 'raic-open-secrets-'));
  noBus = `unix:path=${path.join(scratch, 'no-bus-here')}`;
});
afterAll(async () => {
  await secretService?.stop();
  if (scratch) await rm(scratch, { recursive: true, force: true });
});

describe('openSecretStore', () => {
  it('uses the keychain when it is usable, without asking for a passphrase or writing a file', async () => {
    const dataDir = newDataDir();
    let asked = 0;
    const store = await openSecretStore({
      dataDir,
      serviceName: 'RAIC-open-test',
      passphrase: async () => {
        asked += 1;
        return PASSPHRASE;
      },
    });
    expect(store.kind).toBe('keychain');
    expect(store.describe()).toContain('"RAIC-open-test"');
    expect(asked).toBe(0);
    await store.set('acct-1/password', 'in-the-keychain');
    expect((await secretService.secretTool('lookup', 'service', 'RAIC-open-test', 'username', 'acct-1/password')).stdout).toBe('in-the-keychain');
    await expect(stat(secretsFilePath(dataDir))).rejects.toMatchObject({ code: 'ENOENT' });
    await store.delete('acct-1/password');
  });

  it('without a keychain and without a passphrase source, refuses with both options and writes nothing', async () => {
    const dataDir = newDataDir();
    const result = await runSecretsChild({ op: 'open', dataDir }, { DBUS_SESSION_BUS_ADDRESS: noBus });
    expect(result).toMatchObject({ ok: false, name: 'NoSecretStoreError' });
    const message = (result as { message: string }).message;
    expect(message).toMatch(/^No keychain is reachable/);
    expect(message).toContain(`encrypted secrets file (${secretsFilePath(dataDir)})`);
    expect(message).toContain('never stores them in plain text');
    await expect(stat(dataDir)).rejects.toMatchObject({ code: 'ENOENT' });
  });

  it('without a keychain but with a passphrase, creates <dataDir>/private/secrets.enc, then unlocks it on the next start', async () => {
    const dataDir = newDataDir();
    const file = secretsFilePath(dataDir);
    expect(file).toBe(path.join(dataDir, 'private', 'secrets.enc'));
    const first = await runSecretsChild({ op: 'open', dataDir, set: ['acct-2/secretAccessKey', 'file-kept-secret'] }, { DBUS_SESSION_BUS_ADDRESS: noBus, RAIC_TEST_PASSPHRASE: PASSPHRASE });
    expect(first).toMatchObject({ ok: true, kind: 'encrypted-file', passphraseAsked: 1 });
    expect((first as { describe: string }).describe).toContain(file);
    expect((await stat(file)).mode & 0o777).toBe(0o600);
    expect((await readFile(file)).includes(Buffer.from('file-kept-secret'))).toBe(false);

    const second = await runSecretsChild({ op: 'open', dataDir, get: 'acct-2/secretAccessKey' }, { DBUS_SESSION_BUS_ADDRESS: noBus, RAIC_TEST_PASSPHRASE: PASSPHRASE });
    expect(second).toMatchObject({ ok: true, kind: 'encrypted-file', value: 'file-kept-secret', passphraseAsked: 1 });

    const wrong = await runSecretsChild({ op: 'open', dataDir }, { DBUS_SESSION_BUS_ADDRESS: noBus, RAIC_TEST_PASSPHRASE: 'not the right passphrase' });
    expect(wrong).toEqual({ ok: false, name: 'WrongPassphraseError', message: `wrong passphrase for the secrets file ${file}` });
  });

  it('without a keychain, refuses a weak passphrase rather than creating a weakly protected file', async () => {
    const dataDir = newDataDir();
    const result = await runSecretsChild({ op: 'open', dataDir }, { DBUS_SESSION_BUS_ADDRESS: noBus, RAIC_TEST_PASSPHRASE: 'short' });
    expect(result).toMatchObject({ ok: false, message: expect.stringMatching(/too short/) });
    await expect(stat(secretsFilePath(dataDir))).rejects.toMatchObject({ code: 'ENOENT' });
  });

  it('keeps using an existing secrets file even when a keychain is usable, since its secrets are nowhere else', async () => {
    const dataDir = newDataDir();
    const created = await EncryptedFileSecretStore.create(secretsFilePath(dataDir), PASSPHRASE);
    await created.set('acct-3/password', 'only-in-the-file');

    const store = await openSecretStore({ dataDir, passphrase: async () => PASSPHRASE });
    expect(store.kind).toBe('encrypted-file');
    expect(await store.get('acct-3/password')).toBe('only-in-the-file');

    const withoutPassphrase = openSecretStore({ dataDir });
    await expect(withoutPassphrase).rejects.toThrow(NoSecretStoreError);
    await expect(withoutPassphrase).rejects.toThrow(`RAIC's secrets are in the encrypted secrets file ${secretsFilePath(dataDir)}; start RAIC with its passphrase to unlock it.`);
  });
});
