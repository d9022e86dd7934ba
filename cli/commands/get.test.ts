import { randomBytes } from 'node:crypto';
import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, expect, it } from 'vitest';
import type { OpenGrid } from '../context';
import { cliContext, makeCliTestGrid } from '../test-support/commands';
import { LocalFolderStorageServer } from '../../engine/storage/local';
import { bytesByteSource, uploadFile } from '../../engine/grid';
import { run as get } from './get';


let root: string;
let grid: OpenGrid;
let local: LocalFolderStorageServer[];
beforeEach(async () => {
  ({ root, grid, local } = await makeCliTestGrid('get', 5, { needed: 2, happy: 3, total: 5 }));
});
function context(servers = grid.servers) {
  return cliContext(grid, servers);
}

afterEach(async () => {
  await rm(root, { recursive: true, force: true });
});


it('writes OUT, replacing an older file only once the download is complete', async () => {
  const data = randomBytes(250_000);
  const { cap } = await uploadFile(grid.servers, bytesByteSource(data), grid);
  const outDir = join(root, 'out');
  await mkdir(outDir);
  const out = join(outDir, 'file.bin');
  await writeFile(out, 'old contents');

  // Too few servers: the download fails part-way and OUT keeps its old contents, with no temp file left.
  const failing = context(grid.servers.slice(0, 1));
  expect(await get([cap, out], failing.ctx)).toBe(1);
  expect(failing.stderr.text).toMatch(/^raic get: download failed: not enough shares/);
  expect(await readFile(out, 'utf8')).toBe('old contents');
  expect(await readdir(outDir)).toEqual(['file.bin']);

  const ok = context();
  expect(await get([cap, out], ok.ctx)).toBe(0);
  expect((await readFile(out)).equals(data)).toBe(true);
  expect(await readdir(outDir)).toEqual(['file.bin']);
});

it('removes the partial file when shares turn out corrupt mid-download', async () => {
  const data = randomBytes(400_000);
  const report = await uploadFile(grid.servers, bytesByteSource(data), grid);
  // Corrupt the last block of every share: the download fails only after writing earlier segments.
  const si = report.storageIndex!;
  for (const server of local) {
    const dir = join(server.root, 'shares', si.slice(0, 2), si);
    for (const name of await readdir(dir)) {
      const bytes = await readFile(join(dir, name));
      // Block data ends well before the hash trees; damage a byte ~60% into the share.
      bytes[Math.floor(bytes.length * 0.6)] ^= 0xff;
      await writeFile(join(dir, name), bytes);
    }
  }
  const out = join(root, 'partial.bin');
  const { ctx, stderr } = context();
  expect(await get([report.cap, out], ctx)).toBe(1);
  expect(stderr.text).toMatch(/^raic get: /);
  expect((await readdir(root)).filter((n) => n.includes('partial'))).toEqual([]);
});

it('explains a cap whose file is not in the grid, and bad caps', async () => {
  const other = await mkdtemp(join(tmpdir(), 'raic-cli-get-other-'));
  try {
    const elsewhere = [0, 1, 2].map((i) => new LocalFolderStorageServer({ serverId: `o${i}`, nickname: `o${i}`, root: join(other, `o${i}`) }));
    const { cap } = await uploadFile(elsewhere, bytesByteSource(randomBytes(10_000)), { ...grid, encoding: { needed: 2, happy: 3, total: 3, maxSegmentSize: 65536 } });
    const { ctx, stderr } = context();
    expect(await get([cap, join(root, 'x')], ctx)).toBe(1);
    expect(stderr.text).toMatch(/^raic get: no shares of this file were found on any of the 5 servers/);
    expect(await readdir(root)).not.toContain('x');
  } finally {
    await rm(other, { recursive: true, force: true });
  }
  const bad = context();
  expect(await get(['URI:CHK:garbage'], bad.ctx)).toBe(1);
  expect(bad.stderr.text).toMatch(/^raic get: /);
  const usage = context();
  expect(await get([], usage.ctx)).toBe(2);
  expect(usage.stderr.text).toMatch(/usage: raic get CAP \[OUT\]/);
});
