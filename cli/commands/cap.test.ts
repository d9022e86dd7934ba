import { randomBytes } from 'node:crypto';
import { mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, expect, it } from 'vitest';
import type { CommandContext } from '../context';
import { Capture } from '../test-support/commands';
import { LocalFolderStorageServer } from '../../engine/storage/local';
import { bytesByteSource, uploadFile } from '../../engine/grid';
import { run as cap } from './cap';


let root: string;
beforeEach(async () => {
  root = await mkdtemp(join(tmpdir(), 'raic-cli-cap-'));
});
afterEach(async () => {
  await rm(root, { recursive: true, force: true });
});

function context(): { ctx: CommandContext; stdout: Capture; stderr: Capture } {
  const stdout = new Capture();
  const stderr = new Capture();
  const openGrid = async (): Promise<never> => {
    throw new Error('raic cap must not open the grid');
  };
  return { ctx: { stdout, stderr, openGrid }, stdout, stderr };
}

it('prints the same cap an upload with the same parameters produces, storing nothing', async () => {
  const data = randomBytes(200_000);
  const file = join(root, 'f.bin');
  await writeFile(file, data);
  const convergence = randomBytes(16);
  const { ctx, stdout, stderr } = context();
  const code = await cap([file, '--convergence', convergence.toString('base64'), '--needed', '3', '--total', '10', '--segment-size', '65536'], ctx);
  expect(stderr.text).toBe('');
  expect(code).toBe(0);
  expect(stdout.text).toMatch(/^URI:CHK:[^\n]+\n$/);
  expect(await readdir(root)).toEqual(['f.bin']);

  const servers = Array.from({ length: 10 }, (_, i) => new LocalFolderStorageServer({ serverId: `s${i}`, nickname: `s${i}`, root: join(root, `s${i}`) }));
  const uploaded = await uploadFile(servers, bytesByteSource(data), {
    encoding: { needed: 3, happy: 7, total: 10, maxSegmentSize: 65536 },
    convergence,
    leaseSecret: new Uint8Array(32),
  });
  expect(stdout.text.trim()).toBe(uploaded.cap);

  // A different convergence secret gives a different cap.
  const other = context();
  await cap([file, '--convergence', randomBytes(16).toString('base64'), '--needed', '3', '--total', '10', '--segment-size', '65536'], other.ctx);
  expect(other.stdout.text.trim()).not.toBe(uploaded.cap);
});

it('gives literal caps for tiny files', async () => {
  const file = join(root, 'tiny.txt');
  await writeFile(file, 'hi');
  const { ctx, stdout } = context();
  expect(await cap([file, '--convergence', 'AAAAAAAAAAAAAAAAAAAAAA==', '--needed', '3', '--total', '10', '--segment-size', '131072'], ctx)).toBe(0);
  expect(stdout.text).toMatch(/^URI:LIT:/);
});

it('rejects bad arguments with a one-line reason and exit 2', async () => {
  const file = join(root, 'f.bin');
  await writeFile(file, randomBytes(100));
  const base = ['--convergence', 'AAAA', '--needed', '3', '--total', '10', '--segment-size', '1024'];
  const cases: [string[], RegExp][] = [
    [base, /FILE is required/],
    [[file, ...base.slice(2)], /--convergence is required/],
    [[file, ...base.map((a) => (a === 'AAAA' ? 'not base64!' : a))], /--convergence must be base64/],
    [[file, ...base.map((a) => (a === '10' ? '2' : a))], /--total must be a whole number from 3 to 256, not "2"/],
    [[file, ...base.map((a) => (a === '1024' ? '0' : a))], /--segment-size must be a whole number/],
    [[file, ...base, '--happy', '11'], /--happy must be a whole number from 1 to 10/],
    [[file, ...base, '--what'], /Unknown option '--what'/],
    [[file, file, ...base], /expected one FILE, got 2/],
  ];
  for (const [argv, message] of cases) {
    const { ctx, stderr, stdout } = context();
    expect(await cap(argv, ctx)).toBe(2);
    expect(stderr.text).toMatch(message);
    expect(stderr.text).toMatch(/^raic cap: [^\n]+\nusage: raic cap FILE/);
    expect(stdout.text).toBe('');
  }
  const missing = context();
  expect(await cap([join(root, 'nope'), ...base], missing.ctx)).toBe(1);
  expect(missing.stderr.text).toMatch(/^raic cap: cannot read .*nope/);
});
