/**
 * `rclone about` through the account's own encrypted config, with Debian's
 * rclone: a `local` remote reports the disk beneath its folder (compared with
 * statfs), a `memory` remote has no quota call and reports nothing, and a
 * remote whose folder is missing fails with rclone's reason.
 */
import { statfs } from 'node:fs/promises';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RcloneBlobStore, RcloneBridge } from './index';
import { parseAboutJson } from './rclone-about';
import { withRetry } from '../retrying';

let root: string;
const bridges: RcloneBridge[] = [];

function storeOn(remoteType: string, remoteRoot: string): RcloneBlobStore {
  const bridge = new RcloneBridge({ remoteType, root: remoteRoot, options: {}, secretOptions: {} });
  bridges.push(bridge);
  return new RcloneBlobStore(bridge);
}

beforeAll(async () => {
  root = await mkdtemp(path.join(tmpdir(), 'raic-rclone-about-'));
});
afterAll(async () => {
  await Promise.all(bridges.map((bridge) => bridge.close()));
  await rm(root, { recursive: true, force: true });
});

describe('rclone about', () => {
  it('reports the disk beneath a local remote, as statfs sees it', async () => {
    const store = storeOn('local', root);
    const quota = await store.quota();
    const disk = await statfs(root);
    expect(quota.totalBytes).toBe(disk.blocks * disk.bsize);
    // Free space moves as other programs write; a few MiB either way is the same disk.
    expect(Math.abs(quota.freeBytes! - disk.bavail * disk.bsize)).toBeLessThan(64 << 20);
    expect(quota.usedBytes).toBeGreaterThan(0);
    // capacity() carries the same figures beside RAIC's own objects.
    const capacity = await store.capacity();
    expect(capacity.quotaBytes).toBe(quota.totalBytes);
    expect(capacity.objectCount).toBe(0);
  });

  it('passes through the retry wrapper, which keeps it optional', async () => {
    const wrapped = withRetry(storeOn('local', root), { maxAttempts: 2, baseDelayMs: 10, maxDelayMs: 20 });
    expect(wrapped.quota).toBeTypeOf('function');
    expect((await wrapped.quota!()).totalBytes).toBeGreaterThan(0);
  });

  it('reports nothing for a remote that has no quota call', async () => {
    expect(await storeOn('memory', 'bucket').quota()).toEqual({});
  });

  it('reads every field rclone prints, and computes free space only from total and used', () => {
    expect(parseAboutJson('{"total": 16106127360, "used": 1000, "trashed": 10, "other": 4000, "free": 16106122000}')).toEqual({
      totalBytes: 16106127360,
      usedBytes: 5000,
      freeBytes: 16106122000,
    });
    expect(parseAboutJson('{"total": 10000, "used": 2500}')).toEqual({ totalBytes: 10000, usedBytes: 2500, freeBytes: 7500 });
    expect(parseAboutJson('{"used": 2500}')).toEqual({ usedBytes: 2500 });
    expect(parseAboutJson('{"total": -1, "free": 5}')).toEqual({ freeBytes: 5 });
    expect(() => parseAboutJson('Total: 17 GiB')).toThrow(/not its JSON report/);
  });
});
