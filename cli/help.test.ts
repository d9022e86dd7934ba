/**
 * `raic COMMAND --help` for every subcommand: the command's usage on stdout,
 * exit 0, and nothing opened (no data dir created). Before, each command's
 * strict option parser refused --help as an unknown option.
 */
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, expect, it } from 'vitest';
import { Capture } from './test-support/commands';
import { asksForHelp, main, SUBCOMMAND_NAMES } from './main';

const root = await mkdtemp(join(tmpdir(), 'raic-help-'));
afterAll(() => rm(root, { recursive: true, force: true }));

async function runMain(argv: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  const stdout = new Capture();
  const stderr = new Capture();
  const code = await main(argv, { stdout, stderr });
  return { code, stdout: stdout.text, stderr: stderr.text };
}

it('knows every command, including the file operations', () => {
  expect(SUBCOMMAND_NAMES).toEqual(expect.arrayContaining(['get', 'mv', 'mkdir', 'upload', 'account', 'recovery-key', 'gbs', 'serve']));
});

it.each(SUBCOMMAND_NAMES)('raic %s --help prints its usage and opens nothing', async (name) => {
  const dataDir = join(root, `data-${name}`);
  for (const flag of ['--help', '-h']) {
    const { code, stdout, stderr } = await runMain(['--data-dir', dataDir, name, flag]);
    expect(stderr).toBe('');
    expect(code).toBe(0);
    expect(stdout.startsWith(`usage: raic ${name} `) || stdout.startsWith(`usage: raic ${name}\n`)).toBe(true);
  }
  expect(existsSync(dataDir)).toBe(false);
});

it('answers --help after other arguments and options too, but not after --', async () => {
  const upload = await runMain(['--data-dir', join(root, 'late'), 'upload', 'some-file', '--to', '/x', '--help']);
  expect(upload.code).toBe(0);
  expect(upload.stdout).toBe('usage: raic upload SOURCE... [--to FOLDER] [--on-clash replace|keep-both|skip] [--json]\n');
  const account = await runMain(['--data-dir', join(root, 'late'), 'account', 'add', '--help']);
  expect(account.code).toBe(0);
  expect(account.stdout).toContain('raic account add');
  expect(asksForHelp(['--', '--help'])).toBe(false);
  expect(asksForHelp(['x', '-h'])).toBe(true);
  expect(existsSync(join(root, 'late'))).toBe(false);
});
