/**
 * The keychain's alternative, end to end through the service: an account's
 * password kept in the passphrase-encrypted secrets file (never in plain
 * text), a wrong passphrase refused with words, the right one opening the
 * account again after a restart.
 */
import { mkdtemp, readFile, readdir, rm, mkdir } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { startRcloneServer, type RcloneServer } from '../scripts/servers/index';
import { parseInput } from '../shared/api';
import { RaicService } from './raic-service';

let webdav: RcloneServer;
let scratch: string;
const PASSPHRASE = 'correct horse battery staple';

beforeAll(async () => {
  webdav = await startRcloneServer('webdav');
  await mkdir(path.join(webdav.dataDir, 'raic'));
  scratch = await mkdtemp(path.join(tmpdir(), 'raic-secrets-file-'));
}, 60_000);
afterAll(async () => {
  await webdav?.stop();
  if (scratch) await rm(scratch, { recursive: true, force: true });
});

it('keeps account secrets in the encrypted file when the user chose it, and needs the passphrase to open them', async () => {
  const dataDir = path.join(scratch, 'data');
  const first = await RaicService.open(dataDir, { useSecretsFile: true, passphrase: async () => PASSPHRASE, log: () => undefined });
  const account = await first.addAccount(
    parseInput('addAccount', { provider: 'webdav', name: 'NAS', url: `${webdav.url}/raic/`, username: webdav.user, password: webdav.password }),
  );
  expect((await first.getStatus()).secretStore.kind).toBe('encrypted-file');
  await first.close();

  const privateFiles = await readdir(path.join(dataDir, 'private'));
  expect(privateFiles).toContain('secrets.enc');
  for (const name of [...privateFiles.map((f) => path.join('private', f)), 'grid.json']) {
    expect((await readFile(path.join(dataDir, name), 'latin1')).includes(webdav.password), name).toBe(false);
  }

  const wrong = await RaicService.open(dataDir, { passphrase: async () => 'not the passphrase at all', log: () => undefined });
  const test = await wrong.testAccount({ id: account.id });
  expect(test.ok).toBe(false);
  expect(test.checks[0]!.detail).toMatch(/passphrase/i);
  expect(test.checks[0]!.detail).not.toContain(webdav.password);
  await wrong.close();

  const right = await RaicService.open(dataDir, { passphrase: async () => PASSPHRASE, log: () => undefined });
  expect((await right.testAccount({ id: account.id })).ok).toBe(true);
  await right.close();

  // The desktop app has no terminal: the file shows as locked and is unlocked through the API.
  const desktop = await RaicService.open(dataDir, { log: () => undefined });
  expect((await desktop.getStatus()).secretStore.kind).toBe('locked');
  expect((await desktop.testAccount({ id: account.id })).ok).toBe(false);
  await expect(desktop.unlockSecrets({ passphrase: 'wrong wrong wrong' })).rejects.toMatchObject({ code: 'invalid_input', field: 'passphrase' });
  expect((await desktop.unlockSecrets({ passphrase: PASSPHRASE })).kind).toBe('encrypted-file');
  expect((await desktop.testAccount({ id: account.id })).ok).toBe(true);
  await desktop.close();
});

it('creates the secrets file from the app only when asked, with a passphrase that passes the policy', async () => {
  const dataDir = path.join(scratch, 'created-from-app');
  const service = await RaicService.open(dataDir, { log: () => undefined });
  await expect(service.unlockSecrets({ passphrase: PASSPHRASE })).rejects.toMatchObject({ field: 'create' });
  await expect(service.unlockSecrets({ passphrase: 'short', create: true })).rejects.toMatchObject({ field: 'passphrase' });
  expect((await service.unlockSecrets({ passphrase: PASSPHRASE, create: true })).kind).toBe('encrypted-file');
  expect(await readdir(path.join(dataDir, 'private'))).toContain('secrets.enc');
  await service.close();
});

it('offers an existing secrets file for unlocking, never for creating, when its passphrase source could not answer (no terminal)', async () => {
  const dataDir = path.join(scratch, 'no-terminal');
  const first = await RaicService.open(dataDir, { log: () => undefined });
  await first.unlockSecrets({ passphrase: PASSPHRASE, create: true });
  await first.close();

  // What `npm start` without a terminal gives: a passphrase source that fails when asked.
  const noTerminal = async (): Promise<string> => {
    throw new Error('RAIC needs the passphrase of its secrets file: run it in a terminal.');
  };
  const restarted = await RaicService.open(dataDir, { passphrase: noTerminal, log: () => undefined });
  const webdavInput = parseInput('addAccount', { provider: 'webdav', name: 'NAS', url: `${webdav.url}/raic/`, username: webdav.user, password: webdav.password });
  await expect(restarted.addAccount(webdavInput)).rejects.toThrow();
  expect((await restarted.getStatus()).secretStore.kind).toBe('locked');
  expect((await restarted.unlockSecrets({ passphrase: PASSPHRASE })).kind).toBe('encrypted-file');
  expect((await restarted.addAccount(webdavInput)).name).toBe('NAS');
  await restarted.close();
});
