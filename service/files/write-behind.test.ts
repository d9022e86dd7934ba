import { randomBytes } from 'node:crypto';
import { mkdtemp, open, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, expect, it } from 'vitest';
import { WriteBehind } from './write-behind';

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'raic-write-behind-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

it('flushes to the disk in the background while writing, and the bytes arrive in order', async () => {
  const data = randomBytes(12 * 1024 * 1024 + 77);
  const handle = await open(join(dir, 'out.bin'), 'wx');
  const behind = new WriteBehind(handle, { syncEveryBytes: 1024 * 1024 });
  const chunk = 256 * 1024;
  for (let at = 0; at < data.length; at += chunk) await behind.write(data.subarray(at, at + chunk));
  await behind.drain();
  await handle.close();
  // One flush at a time: a few were started, fewer than one per MiB would be if none had to wait.
  expect(behind.backgroundSyncs).toBeGreaterThan(0);
  expect(behind.backgroundSyncs).toBeLessThanOrEqual(12);
  expect((await readFile(join(dir, 'out.bin'))).equals(data)).toBe(true);
});

it('starts no background flush for a file smaller than the interval', async () => {
  const handle = await open(join(dir, 'small.bin'), 'wx');
  const behind = new WriteBehind(handle);
  await behind.write(randomBytes(100_000));
  await behind.drain();
  await handle.close();
  expect(behind.backgroundSyncs).toBe(0);
});
