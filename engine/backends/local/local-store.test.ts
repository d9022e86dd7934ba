import { mkdtemp, readdir, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { registerBlobStoreConformance } from '../conformance';
import { BackendConfigError } from '../types';
import { LocalBlobStore } from './index';

let workDir: string;
let folders = 0;
beforeAll(async () => {
  workDir = await mkdtemp(path.join(tmpdir(), 'raic-local-'));
});
afterAll(async () => {
  await rm(workDir, { recursive: true, force: true });
});

async function freshFolder(): Promise<string> {
  const folder = path.join(workDir, `store-${folders++}`);
  const { mkdir } = await import('node:fs/promises');
  await mkdir(folder);
  return folder;
}

registerBlobStoreConformance('local', {
  open: async () => new LocalBlobStore({ root: await freshFolder() }),
  openMisconfigured: async () => new LocalBlobStore({ root: path.join(workDir, 'no-such-drive') }),
  secrets: () => [],
});

describe('local backend specifics', () => {
  it('writes through a temporary file and leaves none behind', async () => {
    const root = await freshFolder();
    const store = new LocalBlobStore({ root });
    await store.put('shares/ab/abcdef/0', new Uint8Array(10));
    expect(await readdir(path.join(root, 'shares/ab/abcdef'))).toEqual(['0']);
  });

  it('hides stray temporary files from listings and never follows keys out of the folder', async () => {
    const root = await freshFolder();
    const store = new LocalBlobStore({ root });
    await store.put('a/real', new Uint8Array(1));
    await writeFile(path.join(root, 'a', 'real.~raic-crashed.tmp'), 'partial');
    const keys = [];
    for await (const info of store.list('')) keys.push(info.key);
    expect(keys).toEqual(['a/real']);
    await expect(store.get('../outside')).rejects.toThrow(/invalid blob key/);
  });

  it('does not list through symlinked folders as if they were blobs', async () => {
    const root = await freshFolder();
    await symlink(workDir, path.join(root, 'link'));
    const store = new LocalBlobStore({ root });
    const keys = [];
    for await (const info of store.list('')) keys.push(info.key);
    expect(keys).toEqual([]);
  });

  it('refuses to recreate a missing storage folder and reports free space from statfs', async () => {
    const store = new LocalBlobStore({ root: path.join(workDir, 'unplugged') });
    await expect(store.put('x', new Uint8Array(1))).rejects.toBeInstanceOf(BackendConfigError);
    const capacity = await new LocalBlobStore({ root: await freshFolder() }).capacity();
    expect(capacity.freeBytes).toBeGreaterThan(0);
    expect(capacity.quotaBytes).toBeGreaterThanOrEqual(capacity.freeBytes ?? 0);
  });
});
