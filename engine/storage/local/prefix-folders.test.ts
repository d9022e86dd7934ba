// Prefix folders made before the first create in them, and a prefix removed behind the server's back.
import { mkdir, mkdtemp, readdir, rm, stat } from 'node:fs/promises';
import { randomBytes } from 'node:crypto';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, expect, it } from 'vitest';
import { base32Encode } from '../../chk/base32';
import { storeShare } from '../conformance/fixtures';
import { LocalFolderStorageServer } from './local-folder-server';
import { PrefixFolders } from './prefix-folders';

let root: string;
beforeEach(async () => {
  root = await mkdtemp(join(tmpdir(), 'raic-prefix-folders-'));
});
afterEach(async () => {
  await rm(root, { recursive: true, force: true });
});

it('makes a missing prefix folder 0700 (and its tree), and takes one that exists as it is', async () => {
  const tree = join(root, 'leases');
  const prefixes = new PrefixFolders(tree);
  await prefixes.ensure('ab');
  expect((await stat(join(tree, 'ab'))).mode & 0o777).toBe(0o700);
  await mkdir(join(tree, 'cd'));
  const later = new PrefixFolders(tree);
  await later.ensure('cd');
  await later.ensure('ab');
  expect((await readdir(tree)).sort()).toEqual(['ab', 'cd']);
});

it('makes a prefix again after it was forgotten and removed', async () => {
  const tree = join(root, 'leases');
  const prefixes = new PrefixFolders(tree);
  await prefixes.ensure('ab');
  await rm(join(tree, 'ab'), { recursive: true });
  prefixes.forget('ab');
  await prefixes.ensure('ab');
  expect((await stat(join(tree, 'ab'))).isDirectory()).toBe(true);
});

it('still stores a share and its lease when both prefix folders were removed behind the server\'s back after it listed them', async () => {
  const server = new LocalFolderStorageServer({ serverId: 's1', nickname: 'one', root });
  const first = randomBytes(16);
  await storeShare(server, first, 0, randomBytes(10));
  const prefix = base32Encode(first).slice(0, 2);
  // Another storage index with the same prefix, after another process removed both prefix folders.
  let second = randomBytes(16);
  while (base32Encode(second).slice(0, 2) !== prefix) second = randomBytes(16);
  await rm(join(root, 'shares', prefix), { recursive: true });
  await rm(join(root, 'leases', prefix), { recursive: true, force: true });
  const data = randomBytes(10);
  await storeShare(server, second, 1, data);
  expect(Buffer.from(await (await server.getBuckets(second)).get(1)!.read(0, 10)).equals(data)).toBe(true);
  expect([...(await server.leaseExpirations(second)).immutable.keys()]).toEqual([1]);
});
