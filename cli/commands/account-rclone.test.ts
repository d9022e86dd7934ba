/**
 * Issue 16's acceptance from the command line: an rclone-backed account
 * (rclone's `local` remote over a folder) added with `raic account add
 * rclone`, then `raic put` / `raic get` round-trip a file whose shares are
 * visible in that folder. Real rclone, real service, real data dir.
 */
import { randomBytes } from 'node:crypto';
import { mkdir, readFile, readdir, statfs, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { AccountSummary } from '../../shared/api';
import { RaicService } from '../../service/raic-service';
import type { MainContext } from '../main-context';
import { settingFlagOptions, settingsFromFlags } from '../prompt/account-flags';
import { Capture } from '../test-support/commands';
import { runCaptured, useTempRoot, type SubcommandModuleRun } from '../test-support/run-captured';
import { run as account } from './account';
import { run as encoding } from './encoding';
import { run as get } from './get';
import { run as put } from './put';
import { run as usage } from './usage';
import type { Usage } from '../../shared/api';

const temp = useTempRoot('rclone');
const raic = (command: SubcommandModuleRun, args: string[], stdin?: string) => runCaptured(command, args, { dataDir: temp.dataDir, stdin });

/**
 * An engine-level command (`put`, `get`) as main.ts runs it: the service
 * opened on demand, the upload recorded in its catalog, and the service
 * closed afterwards (which stops the account's rclone child and frees the
 * data dir for the next command).
 */
async function raicEngine(command: SubcommandModuleRun, args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  const stdout = new Capture();
  const stderr = new Capture();
  let service: RaicService | undefined;
  const ctx: MainContext = {
    stdout,
    stderr,
    dataDir: temp.dataDir,
    async openService() {
      service ??= await RaicService.open(temp.dataDir, { log: () => undefined });
      return service;
    },
    async openGrid() {
      return (await ctx.openService()).openGrid();
    },
    async recordUpload(report, target, sourceModifiedAt) {
      (await ctx.openService()).recordUpload(report, target, sourceModifiedAt);
    },
  };
  try {
    return { code: await command(args, ctx), stdout: stdout.text, stderr: stderr.text };
  } finally {
    await service?.close();
  }
}

describe('raic account add rclone', () => {
  it('adds a local rclone remote; put and get round-trip a file whose shares land in its folder', async () => {
    const cloud = join(temp.root, 'cloud');
    await mkdir(cloud);
    const added = await raic(account, ['add', 'rclone', '--name', 'r', '--remote-type', 'local', '--root', cloud, '--json']);
    expect(added.stderr).toBe('');
    expect(added.code).toBe(0);
    const summary = JSON.parse(added.stdout) as AccountSummary;
    expect(summary).toMatchObject({ name: 'r', provider: 'rclone' });

    // Six accounts now (the default five folders and r): six shares put one on each.
    expect((await raic(encoding, ['3/4/6'])).code).toBe(0);
    const file = join(temp.root, 'photo.bin');
    const data = randomBytes(400_000);
    await writeFile(file, data);
    const stored = await raicEngine(put, [file]);
    expect(stored.stderr).toBe('');
    expect(stored.code).toBe(0);
    const cap = stored.stdout.trim();
    expect(cap).toMatch(/^URI:CHK:/);

    const shares = (await readdir(join(cloud, 'shares'), { recursive: true })).filter((name) => /\/\d+$/.test(name));
    expect(shares.length).toBeGreaterThanOrEqual(1);
    expect((await readdir(cloud, { recursive: true })).filter((name) => name.includes('~'))).toEqual([]);

    const out = join(temp.root, 'photo.out');
    const fetched = await raicEngine(get, [cap, out]);
    expect(fetched.stderr).toBe('');
    expect(fetched.code).toBe(0);
    expect((await readFile(out)).equals(data)).toBe(true);

    // `raic usage` shows the quota rclone reports for the remote (`rclone about`): the disk beneath the folder.
    const report = await raic(usage, ['--json']);
    expect(report.code).toBe(0);
    const disk = await statfs(cloud);
    const remote = (JSON.parse(report.stdout) as Usage).accounts.find((a) => a.name === 'r')!;
    expect(remote.quotaBytes).toBe(disk.blocks * disk.bsize);
    expect(remote.freeBytes).toBeGreaterThan(0);
    expect(remote.capacityProblem).toBeUndefined();
  });

  it('takes secret options on standard input and never prints them, even when the remote cannot be reached', async () => {
    const secret = 'Hunter2-rclone-pass';
    const added = await raic(
      account,
      ['add', 'rclone', '--name', 'box', '--remote-type', 'sftp', '--option', 'host=127.0.0.1', '--option', 'port=1', '--option', 'user=ann', '--root', 'raic', '--secrets-stdin'],
      `pass=${secret}\n`,
    );
    expect(added.code).toBe(1);
    expect(added.stderr).toMatch(/rclone cannot reach the sftp remote/);
    expect(added.stdout + added.stderr).not.toContain(secret);
  });

  it('refuses a password among the plain options without echoing it', async () => {
    const refused = await raic(account, ['add', 'rclone', '--name', 'x', '--remote-type', 'sftp', '--option', 'host=h', '--option', 'pass=Hunter3']);
    expect(refused.code).not.toBe(0);
    expect(refused.stderr).toMatch(/secret option/);
    expect(refused.stderr).not.toContain('Hunter3');
    const badStdin = await raic(account, ['add', 'rclone', '--name', 'x', '--remote-type', 'sftp', '--secrets-stdin'], 'Hunter4\n');
    expect(badStdin.code).not.toBe(0);
    expect(badStdin.stderr).toMatch(/line 1 is not option=value/);
    expect(badStdin.stderr).not.toContain('Hunter4');
  });

  it('gathers a repeated --option into lines and refuses one that is not KEY=VALUE', () => {
    expect(settingFlagOptions().option).toEqual({ type: 'string', multiple: true });
    expect(settingsFromFlags('rclone', { name: 'r', 'remote-type': 'sftp', option: ['host=example.org', 'port=2222'] })).toEqual({
      name: 'r',
      remoteType: 'sftp',
      options: 'host=example.org\nport=2222',
    });
    expect(() => settingsFromFlags('rclone', { option: ['host=a', 'Hunter5'] })).toThrow(/^--option number 2 is not KEY=VALUE/);
    expect(() => settingsFromFlags('rclone', { option: ['Hunter5'] })).not.toThrow(/Hunter5/);
    expect(() => settingsFromFlags('local', { option: ['a=b'] })).toThrow(/--option does not apply to local accounts/);
  });
});
