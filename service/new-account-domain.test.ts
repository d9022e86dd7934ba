/**
 * The add-account preview names the disk or login a new account would share,
 * from its typed settings: a folder typed inside the data dir joins the
 * default folders' disk, a folder on another file system (/dev/shm, a tmpfs)
 * and a WebDAV login are independent, and secrets sent along are ignored.
 */
import { mkdtemp, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { parseInput } from '../shared/api';
import { RaicService } from './raic-service';
import { failureDomainsOf } from './failure-domains';
import { withNewAccount } from './new-account-domain';

let root: string;
let service: RaicService;

beforeEach(async () => {
  root = await mkdtemp(path.join(tmpdir(), 'raic-new-domain-'));
  service = await RaicService.open(path.join(root, 'data'), { log: () => undefined });
});

afterEach(async () => {
  await service.close();
  await rm(root, { recursive: true, force: true });
});

const preview = (addAccount: Record<string, unknown>) => service.previewRobustness(parseInput('previewRobustness', { addAccount }));

describe('the failure domain of an account being added', () => {
  it('puts a folder typed beside the default ones on their disk, and says so before saving', async () => {
    const answer = await preview({ name: 'Photos', provider: 'local', settings: { path: path.join(root, 'data', 'not-made-yet', 'photos') } });
    expect(answer.newAccountDomain?.sharedWith).toEqual(['Local folder 1', 'Local folder 2', 'Local folder 3', 'Local folder 4', 'Local folder 5']);
    expect(answer.preview.failureDomains).toHaveLength(1);
    expect(answer.preview.failureDomains[0]!.accountIds).toContain('new-account');
  });

  it('keeps a folder on another file system independent', async (test) => {
    const shm = await stat('/dev/shm').catch(() => undefined);
    if (!shm || shm.dev === (await stat(root)).dev) {
      console.warn('new-account-domain test: /dev/shm is missing or on the same file system as the temp folder; skipped.');
      test.skip();
      return;
    }
    const answer = await preview({ name: 'Memory', provider: 'local', settings: { path: '/dev/shm/raic-preview-never-made' } });
    expect(answer.newAccountDomain).toMatchObject({ sharedWith: [], name: expect.stringMatching(/^the (disk|file system)/) });
    expect(answer.preview.failureDomains).toHaveLength(2);
  });

  it('gives a WebDAV login its own domain and ignores a secret sent along', async () => {
    const answer = await preview({ name: 'Nextcloud', provider: 'webdav', settings: { url: 'https://cloud.example.org/remote.php/dav/files/ann/', username: 'ann', password: 'hunter2' } });
    expect(answer.newAccountDomain).toEqual({ name: 'the WebDAV login "ann" at cloud.example.org', kind: 'login', sharedWith: [] });
    expect(JSON.stringify(answer)).not.toContain('hunter2');
  });

  it('without settings, counts the new account as a domain of its own, as before', async () => {
    const answer = await preview({ name: 'Later', provider: 's3', preset: 'aws' });
    expect(answer.newAccountDomain).toMatchObject({ sharedWith: [], kind: 'login' });
  });

  it('joins an existing login with the same server and user name', () => {
    const saved = [{ id: 'a', name: 'Work', provider: 'webdav' as const, settings: { url: 'https://dav.example.org/x/', username: 'ann' } }];
    const joined = withNewAccount(failureDomainsOf(saved), { name: 'Work 2', provider: 'webdav', settings: { url: 'https://dav.example.org/y/', username: 'ann' } });
    expect(joined.map((d) => d.accountIds)).toEqual([['a', 'new-account']]);
    const apart = withNewAccount(failureDomainsOf(saved), { name: 'Bob', provider: 'webdav', settings: { url: 'https://dav.example.org/y/', username: 'bob' } });
    expect(apart.map((d) => d.accountIds)).toEqual([['a'], ['new-account']]);
  });
});
