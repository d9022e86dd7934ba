/**
 * `raic account add rclone --from-rclone-config` and `raic account authorize`
 * with real parts: an rclone.conf encrypted by rclone's own format, a WebDAV
 * remote served by real rclone with an obscured password, a real Secret
 * Service for the keychain, and the real service behind the commands.
 */
import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startRcloneServer, type RcloneServer } from '../../scripts/servers/index';
import { startSecretService, type SecretService } from '../../scripts/servers/secret-service';
import { encryptRcloneConfig } from '../../engine/backends/rclone/config-crypt';
import { revealObscured } from '../../engine/backends/rclone/rclone-conf-import';
import { runCaptured, useTempRoot } from '../test-support/run-captured';
import { run as account } from './account';

const temp = useTempRoot('rclone-import');
let secretService: SecretService;
let webdav: RcloneServer;
let savedBus: string | undefined;

beforeAll(async () => {
  secretService = await startSecretService();
  savedBus = process.env.DBUS_SESSION_BUS_ADDRESS;
  process.env.DBUS_SESSION_BUS_ADDRESS = secretService.env.DBUS_SESSION_BUS_ADDRESS;
  webdav = await startRcloneServer('webdav');
  await mkdir(join(webdav.dataDir, 'raic'), { recursive: true });
}, 120_000);

afterAll(async () => {
  await webdav?.stop();
  await secretService?.stop();
  if (savedBus === undefined) delete process.env.DBUS_SESSION_BUS_ADDRESS;
  else process.env.DBUS_SESSION_BUS_ADDRESS = savedBus;
});

const obscure = async (value: string) => (await promisify(execFile)('rclone', ['obscure', value])).stdout.trim();
const sha = async (file: string) => createHash('sha256').update(await readFile(file)).digest('hex');

describe('raic account add rclone --from-rclone-config', () => {
  it('reveals what rclone obscured', async () => {
    expect(revealObscured(await obscure('a password with spaces & ünïcode'), 'pass')).toBe('a password with spaces & ünïcode');
  });

  it('imports a remote from an encrypted rclone.conf: password into the keychain, the file untouched', async () => {
    const conf = join(temp.root, 'rclone.conf');
    const plain = `[photos]\ntype = local\n\n[nas]\ntype = webdav\nurl = ${webdav.url}/raic/\nvendor = other\nuser = ${webdav.user}\npass = ${await obscure(webdav.password)}\n`;
    await writeFile(conf, encryptRcloneConfig(plain, 'conf-password'), { mode: 0o600 });
    const before = await sha(conf);
    const added = await runCaptured(account, ['add', 'rclone', '--name', 'NAS', '--from-rclone-config', conf, '--remote', 'nas', '--secrets-stdin', '--json'], {
      dataDir: temp.dataDir,
      stdin: 'conf-password\n',
    });
    expect(added.stderr).toBe('');
    expect(added.code).toBe(0);
    expect(JSON.parse(added.stdout)).toMatchObject({ name: 'NAS', provider: 'rclone', location: 'rclone webdav remote' });
    expect(await sha(conf)).toBe(before);
    // The password is in the keychain, not in the data dir's config.
    const gridJson = await readFile(join(temp.dataDir, 'grid.json'), 'utf8');
    expect(gridJson).toContain(`url=${webdav.url}/raic/`);
    expect(gridJson).not.toContain(webdav.password);
    const { stdout } = await secretService.secretTool('search', '--all', 'service', 'RAIC');
    expect(stdout).toContain(`pass=${webdav.password}`);
    const tested = await runCaptured(account, ['test', 'NAS'], { dataDir: temp.dataDir });
    expect(tested.code).toBe(0);
  }, 120_000);

  it('a remote that is not there names the ones that are; a wrong config password says so', async () => {
    const conf = join(temp.root, 'rclone.conf');
    await writeFile(conf, encryptRcloneConfig('[photos]\ntype = local\n\n[work]\ntype = local\n', 'right'), { mode: 0o600 });
    const missing = await runCaptured(account, ['add', 'rclone', '--name', 'X', '--from-rclone-config', conf, '--remote', 'drive', '--secrets-stdin'], { dataDir: temp.dataDir, stdin: 'right\n' });
    expect(missing.code).toBe(1);
    expect(missing.stderr).toContain('there is no remote "drive" in that rclone config; it has photos, work');
    const wrong = await runCaptured(account, ['add', 'rclone', '--name', 'X', '--from-rclone-config', conf, '--remote', 'work', '--secrets-stdin'], { dataDir: temp.dataDir, stdin: 'wrong\n' });
    expect(wrong.code).toBe(1);
    expect(wrong.stderr).toContain('the config password does not open');
    expect(wrong.stderr).not.toContain('wrong\n');
    const absent = await runCaptured(account, ['add', 'rclone', '--name', 'X', '--from-rclone-config', join(temp.root, 'nope.conf'), '--remote', 'work'], { dataDir: temp.dataDir });
    expect(absent.stderr).toContain('nope.conf does not exist');
    const noRemote = await runCaptured(account, ['add', 'rclone', '--name', 'X', '--from-rclone-config', conf], { dataDir: temp.dataDir });
    expect(noRemote.code).toBe(2);
    expect(noRemote.stderr).toContain('--remote is required');
  }, 60_000);

  it('answers --help, as does account authorize', async () => {
    const help = await runCaptured(account, ['add', 'rclone', '--from-rclone-config', '--help'], { dataDir: temp.dataDir });
    expect(help.code).toBe(0);
    expect(help.stdout).toContain('--from-rclone-config FILE --remote REMOTE');
    const authorizeHelp = await runCaptured(account, ['authorize', '--help'], { dataDir: temp.dataDir });
    expect(authorizeHelp.code).toBe(0);
    expect(authorizeHelp.stdout).toContain('raic account authorize NAME|ID');
  });

  it('authorize refuses an account that is not signed in through a browser', async () => {
    await mkdir(join(temp.root, 'disk'));
    expect((await runCaptured(account, ['add', 'local', '--name', 'Disk', '--path', join(temp.root, 'disk')], { dataDir: temp.dataDir })).code).toBe(0);
    const refused = await runCaptured(account, ['authorize', 'Disk'], { dataDir: temp.dataDir });
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain('"Disk" is not an account RAIC signs in to through a browser');
  }, 60_000);
});
