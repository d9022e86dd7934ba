import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { AccountSummary, ConnectionTest, RemovalPlan } from '../../shared/api';
import { runCaptured, useTempRoot } from '../test-support/run-captured';
import { run as account } from './account';
import { run as upload } from './upload';

const temp = useTempRoot('account');

const raic = (args: string[], stdin?: string) => runCaptured(account, args, { dataDir: temp.dataDir, stdin });

async function accountNames(): Promise<string[]> {
  const listed = await raic(['list', '--json']);
  expect(listed.code).toBe(0);
  return (JSON.parse(listed.stdout) as AccountSummary[]).map((a) => a.name);
}

describe('raic account', () => {
  it('adds a local account, lists, tests and edits it, and removes it', async () => {
    const added = await raic(['add', 'local', '--name', 'USB', '--path', join(temp.root, 'usb'), '--size-limit', '10GB', '--loss-probability', '1%']);
    expect(added.stderr).toBe('');
    expect(added.code).toBe(0);
    expect(added.stdout).toMatch(/^Added account USB \(local, id [\w-]+\)\n {2}location: +.*usb\n/);
    expect(added.stdout).toMatch(/size limit: +9\.3 GiB/);
    expect(added.stdout).toMatch(/loss probability: +1% a year/);

    const table = await raic(['list']);
    expect(table.stdout.split('\n')[0]).toMatch(/^NAME +PROVIDER +STATUS +LOCATION +USED +SHARES +LOSS\/YEAR +AVAILABILITY$/);
    expect(table.stdout).toMatch(/\nUSB +local +\w+ +\S+usb +0 B +0 +1% +\d/);

    const tested = await raic(['test', 'usb']); // names match in any case
    expect(tested.code).toBe(0);
    expect(tested.stdout).toMatch(/^USB:\n✓ /);
    expect(tested.stdout).toMatch(/connection ok\n$/);
    const testedJson = JSON.parse((await raic(['test', 'USB', '--json'])).stdout) as ConnectionTest;
    expect(testedJson.ok).toBe(true);

    const edited = await raic(['edit', 'USB', '--name', 'Stick', '--size-limit', 'none', '--json']);
    expect(edited.code).toBe(0);
    const summary = JSON.parse(edited.stdout) as AccountSummary;
    expect(summary.name).toBe('Stick');
    expect(summary.sizeLimitBytes).toBeUndefined();

    const removed = await raic(['remove', summary.id]); // by id too
    expect(removed.code).toBe(0);
    expect(removed.stdout).toMatch(/holds no shares.*\nRemoved "Stick"\.\n$/s);
    expect(await accountNames()).not.toContain('Stick');
  });

  it('refuses a duplicate name and a path that is a file, saving nothing', async () => {
    expect((await raic(['add', 'local', '--name', 'USB', '--path', join(temp.root, 'usb')])).code).toBe(0);
    const before = await accountNames();

    const duplicate = await raic(['add', 'local', '--name', 'usb', '--path', join(temp.root, 'other')]);
    expect(duplicate.code).toBe(1);
    expect(duplicate.stderr).toMatch(/^raic account add: .*already exists.*\n$/);

    const file = join(temp.root, 'a-file');
    await writeFile(file, 'not a folder');
    const onFile = await raic(['add', 'local', '--name', 'Broken', '--path', file]);
    expect(onFile.code).toBe(1);
    expect(onFile.stderr).toMatch(/^raic account add: .+\n$/);
    expect(onFile.stderr.split('\n')).toHaveLength(2); // one line
    expect(await accountNames()).toEqual(before);
  });

  it('refuses secrets given as flags, before anything else', async () => {
    for (const flag of ['--secretAccessKey', '--secret-access-key', '--password']) {
      const refused = await raic(['add', 's3', '--name', 'B2', '--preset', 'backblaze-b2', '--bucket', 'my-bucket', flag, 'hunter2']);
      expect(refused.code).toBe(2);
      expect(refused.stderr).toMatch(/is a secret and is not accepted as a flag.*--secrets-stdin/);
      expect(refused.stderr).not.toContain('hunter2');
    }
    const inline = await raic(['edit', 'USB', '--password=hunter2']);
    expect(inline.code).toBe(2);
    expect(inline.stderr).not.toContain('hunter2');
  });

  it('reads secrets from stdin and reports the missing ones without touching the grid', async () => {
    const missing = await raic(['add', 's3', '--name', 'B2', '--preset', 'backblaze-b2', '--bucket', 'my-bucket', '--secrets-stdin'], 'accessKeyId=abc\n');
    expect(missing.code).toBe(1);
    expect(missing.stderr).toBe('raic account add: missing on standard input: secretAccessKey=VALUE (one field=value per line)\n');
    const unknown = await raic(['add', 'webdav', '--name', 'Nc', '--url', 'https://nc.example/dav/', '--username', 'me', '--secrets-stdin'], 'pasword=x\n');
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toMatch(/"pasword" is not a secret field of webdav accounts; expected password/);
    const notTerminal = await raic(['add', 'webdav', '--name', 'Nc', '--url', 'https://nc.example/dav/', '--username', 'me']);
    expect(notTerminal.code).toBe(1);
    expect(notTerminal.stderr).toMatch(/run this in a terminal to be asked for them, or pass --secrets-stdin/);
  });

  it('explains usage mistakes and unknown accounts', async () => {
    const noProvider = await raic(['add', '--name', 'X']);
    expect(noProvider.code).toBe(2);
    expect(noProvider.stderr).toMatch(/PROVIDER must be one of local, s3, swift, webdav, sftp, rclone, tahoe\nusage: raic account add/);
    const wrongField = await raic(['add', 'local', '--name', 'X', '--bucket', 'b']);
    expect(wrongField.code).toBe(2);
    expect(wrongField.stderr).toMatch(/--bucket does not apply to local accounts; they take --name, --size-limit, --loss-probability, --availability, --path/);
    const badSize = await raic(['add', 'local', '--name', 'X', '--path', join(temp.root, 'x'), '--size-limit', 'lots']);
    expect(badSize.code).toBe(2);
    expect(badSize.stderr).toMatch(/--size-limit: "lots" is not a size/);
    const unknown = await raic(['test', 'Nowhere']);
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toMatch(/^raic account test: there is no account "Nowhere"; the accounts are: "/);
    expect((await raic(['frobnicate'])).code).toBe(2);
    const nothing = await raic(['edit', (await accountNames())[0]!]);
    expect(nothing.code).toBe(2);
    expect(nothing.stderr).toMatch(/nothing to change/);
  });

  it('refuses to remove an account holding shares unless told how', async () => {
    const photos = join(temp.root, 'photos');
    await mkdir(photos);
    await writeFile(join(photos, 'a.txt'), 'x'.repeat(5000));
    expect((await runCaptured(upload, [photos, '--to', '/photos'], { dataDir: temp.dataDir })).code).toBe(0);
    const holder = (await accountNames())[0]!;

    const refused = await raic(['remove', holder]);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toMatch(/^raic account remove: .*holds \d+ shares of 1 files.* Use --move-shares .* or --force/);
    expect(await accountNames()).toContain(holder);

    const plan = await raic(['remove', holder, '--json']);
    expect((JSON.parse(plan.stdout) as RemovalPlan).filesWithShares).toBe(1);

    const forced = await raic(['remove', holder, '--force', '--json']);
    expect(forced.code).toBe(0);
    expect(JSON.parse(forced.stdout)).toEqual({ removed: true, filesMoved: 0 });
    expect(await accountNames()).not.toContain(holder);
  });
});
