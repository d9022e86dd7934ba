import { expect, it } from 'vitest';
import type { GridStatus } from '../../shared/api';
import { main } from '../main';
import { Capture } from '../test-support/commands';
import { runCaptured, useTempRoot } from '../test-support/run-captured';
import { run as status } from './status';

const temp = useTempRoot('status');

it('prints the status as one JSON document through main()', async () => {
  const stdout = new Capture();
  const stderr = new Capture();
  expect(await main(['--data-dir', temp.dataDir, 'status', '--json'], { stdout, stderr })).toBe(0);
  expect(stderr.text).toBe('');
  const parsed = JSON.parse(stdout.text) as GridStatus;
  expect(Object.keys(parsed)).toEqual(expect.arrayContaining(['accounts', 'activeJobs', 'dataDir', 'encoding', 'files', 'health', 'recovery', 'secretStore']));
  expect(parsed.files).toEqual({ count: 0, bytes: 0 });
  expect(parsed.accounts.length).toBeGreaterThan(0);
});

it('prints health, encoding, files, accounts, secret store and recovery backup for people', async () => {
  const { code, stdout } = await runCaptured(status, [], { dataDir: temp.dataDir });
  expect(code).toBe(0);
  expect(stdout).toMatch(/^grid health: +healthy\n/);
  expect(stdout).toMatch(/\nencoding: +\d+-of-\d+ .*happy \d+/);
  expect(stdout).toMatch(/\nfiles: +0 \(0 B\)\n/);
  expect(stdout).toMatch(/\nsecret store: +\S+: /);
  expect(stdout).toMatch(/\nrecovery backup: +/);
  expect(stdout).toMatch(/\naccounts \(\d+\):\n {2}\S/);
  const extra = await runCaptured(status, ['now'], { dataDir: temp.dataDir });
  expect(extra.code).toBe(2);
  expect(extra.stderr).toMatch(/^raic status: .*\nusage: raic status \[--json\]\n$/);
});
