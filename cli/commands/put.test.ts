import { randomBytes } from 'node:crypto';
import { readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, beforeEach, expect, it } from 'vitest';
import type { OpenGrid } from '../context';
import { cliContext, makeCliTestGrid } from '../test-support/commands';
import { run as put } from './put';
import { run as get } from './get';


let root: string;
let grid: OpenGrid;
beforeEach(async () => {
  ({ root, grid } = await makeCliTestGrid('put', 6, { needed: 2, happy: 4, total: 6 }));
});
function context(servers = grid.servers) {
  return cliContext(grid, servers);
}

afterEach(async () => {
  await rm(root, { recursive: true, force: true });
});


it('put prints the read cap on its own line, and get reads the file back', async () => {
  const file = join(root, 'in.bin');
  const data = randomBytes(300_000);
  await writeFile(file, data);
  const { ctx, stdout, stderr } = context();
  expect(await put([file], ctx)).toBe(0);
  expect(stderr.text).toBe(''); // not a TTY: no progress
  expect(stdout.text).toMatch(/^URI:CHK:[^\n]+\n$/);
  const cap = stdout.text.trim();

  const toStdout = context();
  expect(await get([cap], toStdout.ctx)).toBe(0);
  expect(toStdout.stdout.bytes.equals(data)).toBe(true);
});

it('put fails with one clear line when happiness cannot be met, exit 1', async () => {
  const file = join(root, 'in.bin');
  await writeFile(file, randomBytes(100_000));
  const { ctx, stdout, stderr } = context(grid.servers.slice(0, 3));
  expect(await put([file], ctx)).toBe(1);
  expect(stdout.text).toBe('');
  expect(stderr.text).toMatch(/^raic put: upload failed: shares could be placed on only 3 servers, but happiness 4 is required/);
  expect(stderr.text.trim().split('\n')).toHaveLength(1);
});

it('put reports usage errors and unreadable files', async () => {
  const a = context();
  expect(await put([], a.ctx)).toBe(2);
  expect(a.stderr.text).toMatch(/FILE is required\nusage: raic put FILE/);
  const b = context();
  expect(await put(['x', '--bogus'], b.ctx)).toBe(2);
  const c = context();
  expect(await put([join(root, 'missing.bin')], c.ctx)).toBe(1);
  expect(c.stderr.text).toMatch(/^raic put: cannot read .*missing\.bin: ENOENT/);
});

it('put stores small files as literal caps', async () => {
  const file = join(root, 'small.txt');
  await writeFile(file, 'hello');
  const { ctx, stdout } = context();
  expect(await put([file], ctx)).toBe(0);
  expect(stdout.text).toMatch(/^URI:LIT:/);
  const out = join(root, 'small.out');
  expect(await get([stdout.text.trim(), out], context().ctx)).toBe(0);
  expect(await readFile(out, 'utf8')).toBe('hello');
});

it('shows progress on stderr only when stderr is a terminal', async () => {
  const file = join(root, 'in.bin');
  await writeFile(file, randomBytes(400_000));
  const { ctx, stdout, stderr } = context();
  Object.assign(stderr, { isTTY: true });
  expect(await put([file], ctx)).toBe(0);
  expect(stdout.text).toMatch(/^URI:CHK:[^\n]+\n$/);
  expect(stderr.text).toMatch(/\ruploading .*in\.bin: \d+%/);
  expect(stderr.text).toMatch(/\rfinishing .*in\.bin: 100%\n$/);
});
