/** Settings choose which rclone the rclone accounts run; it is kept in grid.json and checked before it is kept. */
import { chmod, copyFile, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, expect, it } from 'vitest';
import { findRclone } from '../engine/backends/rclone';
import { RaicService } from './raic-service';

const cleanups: (() => Promise<void>)[] = [];
afterAll(async () => {
  while (cleanups.length > 0) await cleanups.pop()!();
});

it('shows the rclone found, keeps a chosen one, refuses a program that is not rclone, and forgets the choice', async () => {
  const root = await mkdtemp(path.join(tmpdir(), 'raic-rclone-settings-'));
  cleanups.push(() => rm(root, { recursive: true, force: true }));
  const service = await RaicService.open(path.join(root, 'data'), { log: () => undefined, backupDebounceMs: 600_000 });
  cleanups.push(() => service.close());

  const found = await service.getRcloneSettings({});
  expect(found).toMatchObject({ configuredPath: null, source: process.env.RAIC_RCLONE ? 'environment' : 'path', problem: null });
  expect(found.version).toMatch(/^rclone v/);

  const chosen = path.join(root, 'my-rclone');
  await copyFile(findRclone(), chosen);
  await chmod(chosen, 0o755);
  const set = await service.setRclonePath({ path: chosen });
  expect(set).toMatchObject({ configuredPath: chosen, path: chosen, source: 'settings', problem: null });
  expect(JSON.parse(await readFile(path.join(root, 'data', 'grid.json'), 'utf8')).rclonePath).toBe(chosen);

  const script = path.join(root, 'not-rclone');
  await writeFile(script, '#!/bin/sh\necho hello\n');
  await chmod(script, 0o755);
  await expect(service.setRclonePath({ path: script })).rejects.toThrow(/not-rclone runs, but does not answer as rclone does/);
  await expect(service.setRclonePath({ path: path.join(root, 'missing') })).rejects.toThrow(/missing is not a program RAIC can run/);
  expect((await service.getRcloneSettings({})).configuredPath).toBe(chosen);

  const cleared = await service.setRclonePath({ path: null });
  expect(cleared.configuredPath).toBeNull();
  expect(cleared.source).not.toBe('settings');
  expect(JSON.parse(await readFile(path.join(root, 'data', 'grid.json'), 'utf8')).rclonePath).toBeUndefined();
});
