/**
 * The kept access token: created once (0600), the same after a restart of the
 * server, replaced by a rotation that a running server honours at its next
 * request (the old token refused, the new one accepted), and never in the log.
 */
import { chmod, mkdtemp, readFile, rm, stat } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { RaicService } from '../raic-service';
import { accessTokenPath, liveAccessToken, loadOrCreateAccessToken, rotateAccessToken } from './access-token';
import { startHeadlessServer } from './server';

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'raic-token-'));
});
afterAll(() => rm(dir, { recursive: true, force: true }));

it('creates the token once, private to the user, and tightens a loosened file', async () => {
  const dataDir = path.join(dir, 'plain');
  const first = loadOrCreateAccessToken(dataDir);
  expect(first).toMatch(/^[A-Za-z0-9_-]{43}$/);
  expect((await stat(accessTokenPath(dataDir))).mode & 0o777).toBe(0o600);
  expect(loadOrCreateAccessToken(dataDir)).toBe(first);
  await chmod(accessTokenPath(dataDir), 0o644);
  expect(loadOrCreateAccessToken(dataDir)).toBe(first);
  expect((await stat(accessTokenPath(dataDir))).mode & 0o777).toBe(0o600);
  const rotated = rotateAccessToken(dataDir);
  expect(rotated).not.toBe(first);
  expect((await readFile(accessTokenPath(dataDir), 'utf8')).trim()).toBe(rotated);
  expect((await stat(accessTokenPath(dataDir))).mode & 0o777).toBe(0o600);
});

it('keeps the token across a server restart and honours a rotation at once', async () => {
  const dataDir = path.join(dir, 'served');
  const logged: string[] = [];
  const status = (base: string, token: string) => fetch(new URL('/api/v1/status', base), { headers: { Authorization: `Bearer ${token}` } });

  const service = await RaicService.open(dataDir, { log: () => undefined });
  let server = await startHeadlessServer({ api: service, staticDir: dir, port: 0, token: liveAccessToken(dataDir), log: (line) => logged.push(line) });
  const kept = server.token;
  expect((await status(server.url, kept)).status).toBe(200);
  await server.close();

  server = await startHeadlessServer({ api: service, staticDir: dir, port: 0, token: liveAccessToken(dataDir), log: (line) => logged.push(line) });
  expect(server.token).toBe(kept);
  expect(server.urlWithToken).toBe(`${server.url}#token=${kept}`);
  expect((await status(server.url, kept)).status).toBe(200);

  const rotated = rotateAccessToken(dataDir);
  const refused = await status(server.url, kept);
  expect(refused.status).toBe(401);
  const body = (await refused.json()) as { error: { message: string } };
  expect(body.error.message).toMatch(/npm start/);
  expect(body.error.message).not.toContain(kept);
  expect((await status(server.url, rotated)).status).toBe(200);
  expect(server.urlWithToken).toContain(rotated);

  await server.close();
  await service.close();
  expect(logged.join('\n')).not.toContain(kept);
  expect(logged.join('\n')).not.toContain(rotated);
});
