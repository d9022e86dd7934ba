import { mkdirSync, mkdtempSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { failureDomainOf, failureDomainsOf } from './failure-domains';

let root: string;
beforeEach(() => {
  root = mkdtempSync(join(tmpdir(), 'raic-domains-'));
});
afterEach(() => rmSync(root, { recursive: true, force: true }));

const local = (id: string, path: string) => ({ id, provider: 'local' as const, settings: { path } });

/** A fake /sys where the device of `folder` is `leaf`, a path under devices/ (a partition when `partitionOf` is given). */
function fakeSys(folder: string, device: string[], extra: (sys: string) => void = () => undefined): { sysRoot: string } | null {
  const dev = statSync(folder, { bigint: true }).dev;
  const major = Number(((dev >> 8n) & 0xfffn) | ((dev >> 32n) & ~0xfffn));
  const minor = Number((dev & 0xffn) | ((dev >> 12n) & ~0xffn));
  if (major === 0) return null;
  const sys = join(root, 'sys');
  const leaf = join(sys, 'devices', ...device);
  mkdirSync(leaf, { recursive: true });
  mkdirSync(join(sys, 'dev', 'block'), { recursive: true });
  symlinkSync(leaf, join(sys, 'dev', 'block', `${major}:${minor}`));
  extra(sys);
  return { sysRoot: sys };
}

describe('failure domains of local folders', () => {
  it('puts two folders of one file system in one domain, named by the whole disk behind a partition', (test) => {
    const a = join(root, 'a');
    const b = join(root, 'b', 'not-yet-created');
    mkdirSync(a);
    const probe = fakeSys(root, ['pci0', 'block', 'sda', 'sda2'], (sys) => writeFileSync(join(sys, 'devices', 'pci0', 'block', 'sda', 'sda2', 'partition'), '2\n'));
    if (!probe) return test.skip();
    const domains = failureDomainsOf([local('1', a), local('2', b)], probe);
    expect(domains).toEqual([{ id: 'disk:sda', name: 'the disk "sda"', kind: 'disk', accountIds: ['1', '2'] }]);
  });

  it('follows a device-mapper volume down to the one disk beneath it', (test) => {
    const probe = fakeSys(root, ['virtual', 'block', 'dm-0'], (sys) => {
      const disk = join(sys, 'devices', 'pci0', 'block', 'nvme0n1');
      mkdirSync(join(disk, 'nvme0n1p3'), { recursive: true });
      writeFileSync(join(disk, 'nvme0n1p3', 'partition'), '3\n');
      mkdirSync(join(sys, 'devices', 'virtual', 'block', 'dm-0', 'slaves'));
      symlinkSync(join(disk, 'nvme0n1p3'), join(sys, 'devices', 'virtual', 'block', 'dm-0', 'slaves', 'nvme0n1p3'));
    });
    if (!probe) return test.skip();
    expect(failureDomainOf(local('1', root), probe)).toMatchObject({ id: 'disk:nvme0n1', kind: 'disk' });
  });

  it('falls back to the file system where there is no block device to follow', () => {
    const domain = failureDomainOf(local('1', root), { sysRoot: join(root, 'no-sys') });
    expect(domain.kind).toBe('file-system');
    expect(domain.name).toMatch(/^the file system at "\//);
  });
});

describe('failure domains of cloud accounts', () => {
  it('groups by provider and login, and keeps user names out of the id', () => {
    const s3 = (id: string, bucket: string) => ({ id, provider: 's3' as const, settings: { preset: 'aws', bucket } });
    const dav = (id: string, url: string, username: string) => ({ id, provider: 'webdav' as const, settings: { url, username } });
    const domains = failureDomainsOf([s3('a', 'one'), s3('b', 'two'), dav('c', 'https://dav.example/x/', 'alice'), dav('d', 'https://dav.example/y/', 'bob'), dav('e', 'https://other.example/', 'alice')]);
    expect(domains.map((d) => d.accountIds)).toEqual([['a', 'b'], ['c'], ['d'], ['e']]);
    expect(domains[0]).toMatchObject({ kind: 'login', name: 'the Amazon S3 login' });
    for (const domain of domains) expect(domain.id).not.toMatch(/alice|bob/);
  });

  it('groups rclone accounts by remote type and the login their options show, never by their secrets', () => {
    const remote = (id: string, remoteType: string, options = '', secretFields: string[] = []) => ({ id, provider: 'rclone' as const, settings: { remoteType, options }, secretFields });
    const domains = failureDomainsOf([
      remote('drive-1', 'drive', '', ['secretOptions']),
      remote('drive-2', 'drive', 'scope=drive.file', ['secretOptions']),
      remote('onedrive', 'onedrive'),
      remote('sftp-alice', 'sftp', 'host=files.example\nuser=alice'),
      remote('sftp-bob', 'sftp', 'host=files.example\nuser=bob'),
      { id: 'native-alice', provider: 'sftp' as const, settings: { host: 'files.example', port: 22, username: 'alice' } },
      remote('dav', 'webdav', 'url=https://dav.example/remote.php\nuser=carol'),
      { id: 'native-dav', provider: 'webdav' as const, settings: { url: 'https://dav.example/other/', username: 'carol' } },
    ]);
    expect(domains.map((d) => d.accountIds)).toEqual([['drive-1', 'drive-2'], ['onedrive'], ['sftp-alice', 'native-alice'], ['sftp-bob'], ['dav', 'native-dav']]);
    expect(domains[0]).toMatchObject({ kind: 'login', name: 'the Google Drive login (through rclone)' });
    expect(domains[2]).toMatchObject({ kind: 'login', name: 'the SFTP login "alice" at files.example' });
    for (const domain of domains) expect(domain.id).not.toMatch(/alice|bob|carol/);
  });
});
