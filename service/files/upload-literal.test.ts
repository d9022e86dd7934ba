/**
 * Files of 55 bytes or less are literal caps (the bytes live in the cap):
 * their upload asks nothing of any account, not even what it holds, and the
 * catalog still lists them; a 56-byte file does reach the accounts.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, expect, it } from 'vitest';
import { Catalog } from '../catalog/catalog';
import type { StorageServer } from '../../engine/storage/types';
import { downloadToBytes } from '../../engine/grid';
import { runUpload } from './transfers';
import { crashGrid } from '../test-support/upload-crash-grid';

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  while (cleanups.length > 0) await cleanups.pop()!();
});

/** The server as it is, recording the name of every method called on it. */
function recorded(server: StorageServer, calls: string[]): StorageServer {
  return new Proxy(server, {
    get(target, property, receiver) {
      const value: unknown = Reflect.get(target, property, receiver);
      if (typeof value !== 'function') return value;
      return (...args: unknown[]) => {
        calls.push(`${server.serverId}.${String(property)}`);
        return (value as (...a: unknown[]) => unknown).apply(target, args);
      };
    },
  });
}

it('uploads files of 0 to 55 bytes without a call to any server, and a 56-byte one through them', async () => {
  const root = await mkdtemp(path.join(tmpdir(), 'raic-literal-'));
  cleanups.push(() => rm(root, { recursive: true, force: true }));
  const catalog = Catalog.open(path.join(root, 'catalog.sqlite'));
  cleanups.push(async () => void catalog.close());
  const calls: string[] = [];
  const grid = crashGrid(root);
  const openGrid = async () => ({ ...grid, servers: grid.servers.map((server) => recorded(server, calls)) });
  const context = { signal: new AbortController().signal, attempt: 1, progress: () => undefined };

  for (const size of [0, 1, 55]) {
    const source = path.join(root, `small-${size}.txt`);
    const bytes = Buffer.alloc(size, 0x61 + (size % 26));
    await writeFile(source, bytes);
    const result = await runUpload({ source, target: `/notes/${size}.txt` }, context, { catalog, openGrid });
    expect(result.cap).toMatch(/^URI:LIT:/);
    const entry = catalog.getFile(`/notes/${size}.txt`)!;
    expect(entry.placements).toEqual([]);
    expect(Buffer.from(await downloadToBytes(grid.servers, entry.cap)).equals(bytes)).toBe(true);
  }
  expect(calls).toEqual([]);

  const source = path.join(root, 'just-over.txt');
  await writeFile(source, Buffer.alloc(56, 0x62));
  const result = await runUpload({ source, target: '/notes/56.txt' }, context, { catalog, openGrid });
  expect(result.cap).toMatch(/^URI:CHK:/);
  expect(calls.some((call) => call.endsWith('.allocateBuckets'))).toBe(true);
});
