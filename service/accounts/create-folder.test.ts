/**
 * A WebDAV account whose folder is missing, through the service against a
 * real rclone WebDAV server: refused in plain words with nothing saved, then
 * added with createFolder, which makes the folder (and its missing parent) on
 * the server's disk before the connection test.
 */
import { mkdtemp, readFile, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { startRcloneServer, type RcloneServer } from '../../scripts/servers/index';
import { parseInput } from '../../shared/api';
import { explainFailure } from '../../shared/plain-errors';
import { RaicService } from '../raic-service';

let webdav: RcloneServer;
let scratch: string;
const PASSPHRASE = 'correct horse battery staple';

beforeAll(async () => {
  webdav = await startRcloneServer('webdav');
  scratch = await mkdtemp(path.join(tmpdir(), 'raic-create-folder-'));
}, 60_000);
afterAll(async () => {
  await webdav?.stop();
  if (scratch) await rm(scratch, { recursive: true, force: true });
});

it('refuses a missing WebDAV folder in plain words and saves nothing; with createFolder it makes the folder and saves the account', async () => {
  const dataDir = path.join(scratch, 'data');
  const service = await RaicService.open(dataDir, { useSecretsFile: true, passphrase: async () => PASSPHRASE, log: () => undefined });
  try {
    const before = (await service.getStatus()).accounts.length;
    const fields = { provider: 'webdav', name: 'NAS', url: `${webdav.url}/home/raic/`, username: webdav.user, password: webdav.password };
    const refused = await service.addAccount(parseInput('addAccount', fields)).then(() => undefined, (error: Error) => error);
    expect(refused?.message).toMatch(/does not exist on the server/);
    expect(explainFailure(refused?.message ?? '')?.kind).toBe('missing-folder');
    expect(refused?.message).not.toContain(webdav.password);
    expect((await service.getStatus()).accounts).toHaveLength(before);
    await expect(stat(path.join(webdav.dataDir, 'home'))).rejects.toThrow(/ENOENT/);

    const account = await service.addAccount(parseInput('addAccount', { ...fields, createFolder: true }));
    expect(account.name).toBe('NAS');
    expect((await stat(path.join(webdav.dataDir, 'home', 'raic'))).isDirectory()).toBe(true);
    expect((await service.getStatus()).accounts.filter((a) => a.name === 'NAS')).toHaveLength(1);
    expect((await service.getStatus()).accounts).toHaveLength(before + 1);
    // A request, not a setting: it is not kept with the account.
    expect(await readFile(path.join(dataDir, 'grid.json'), 'utf8')).not.toContain('createFolder');
    expect((await service.testAccount({ id: account.id })).ok).toBe(true);
  } finally {
    await service.close();
  }
});

it('refuses createFolder with a wrong password without creating anything or showing the password', async () => {
  const dataDir = path.join(scratch, 'wrong-password');
  const service = await RaicService.open(dataDir, { useSecretsFile: true, passphrase: async () => PASSPHRASE, log: () => undefined });
  try {
    const before = (await service.getStatus()).accounts.length;
    const wrong = 'not-the-password-at-all';
    const input = parseInput('addAccount', { provider: 'webdav', name: 'NAS', url: `${webdav.url}/other/`, username: webdav.user, password: wrong, createFolder: true });
    const refused = await service.addAccount(input).then(() => undefined, (error: Error) => error);
    expect(refused?.message).toMatch(/refused the user name or password/);
    expect(refused?.message).not.toContain(wrong);
    expect((await service.getStatus()).accounts).toHaveLength(before);
    await expect(stat(path.join(webdav.dataDir, 'other'))).rejects.toThrow(/ENOENT/);
  } finally {
    await service.close();
  }
});
