/**
 * Issue 9 through the service: one RAIC shares an account's storage over
 * Tahoe-LAFS's HTTP storage protocol (HTTPS, pinned certificate, CBOR), and
 * another RAIC adds it by its NURL as an account and stores files through it.
 * The NURL carries a credential (the swissnum), so it is kept as a secret.
 */
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { parseInput } from '../shared/api';
import { RaicService } from './raic-service';

let scratch: string;
const services: RaicService[] = [];

beforeAll(async () => {
  scratch = await mkdtemp(path.join(tmpdir(), 'raic-gbs-accounts-'));
});
afterAll(async () => {
  for (const service of services) await service.close().catch(() => undefined);
  await rm(scratch, { recursive: true, force: true });
});

async function open(name: string): Promise<RaicService> {
  const service = await RaicService.open(path.join(scratch, name), {
    log: () => undefined,
    backupDebounceMs: 60_000,
    useSecretsFile: true,
    passphrase: async () => 'a long enough test passphrase',
  });
  services.push(service);
  service.startBackground({ monitor: false });
  return service;
}

it('shares an account over GBS, and another RAIC stores and reads files through it by its NURL', async () => {
  const sharer = await open('sharer');
  const shared = (await sharer.getStatus()).accounts[0]!;
  const summary = await sharer.setAccountSharing({ id: shared.id, enabled: true });
  expect(summary.sharing.enabled).toBe(true);
  expect(summary.sharing.problem).toBeNull();
  expect(summary.sharing.nurl).toMatch(/^pb:\/\/[A-Za-z0-9_-]{43}@127\.0\.0\.1:\d+\/[A-Za-z0-9_-]+#v=1$/);
  expect(summary.sharing.serversYaml).toContain(summary.sharing.nurl!);
  // The port picked the first time is kept, so the NURL survives a restart.
  expect((await sharer.getStatus()).accounts[0]!.sharing.port).toBe(summary.sharing.port);

  const user = await open('user');
  const wrong = await user.testAccount({ account: parseInput('addAccount', { provider: 'tahoe', name: 'Friend', nurl: summary.sharing.nurl!.replace(/\/[A-Za-z0-9_-]+#/, '/wrongswissnum#') }) });
  expect(wrong.ok).toBe(false);
  const remote = await user.addAccount(parseInput('addAccount', { provider: 'tahoe', name: "Friend's RAIC", nurl: summary.sharing.nurl! }));
  expect(remote.location).toMatch(/^Tahoe-LAFS storage server 127\.0\.0\.1:\d+$/);
  expect(remote.storedSecrets).toEqual(['nurl']);
  expect(await readFile(path.join(scratch, 'user', 'grid.json'), 'utf8')).not.toContain(summary.sharing.nurl!.split('/').at(-1)!.split('#')[0]!);

  // Five accounts for 3-of-5, so the friend's server surely gets a share.
  for (const local of (await user.getStatus()).accounts.filter((a) => a.provider === 'local').slice(0, 2)) await user.removeAccount({ id: local.id });
  const source = path.join(scratch, 'photo.jpg');
  const bytes = randomBytes(700_000);
  await writeFile(source, bytes);
  const { jobs } = await user.uploadPaths({ sources: [source], folder: '/' });
  await user.jobsIdle();
  expect(user.getJob(jobs[0]!.id)?.state).toBe('done');
  const file = await user.getFile({ path: '/photo.jpg' });
  expect(file.placements.map((p) => p.accountName)).toContain("Friend's RAIC");
  const check = await user.checkFile({ path: '/photo.jpg', verify: true });
  expect(check.health).toBe('healthy');
  const out = path.join(scratch, 'back.jpg');
  await user.downloadToPath({ path: '/photo.jpg', destination: out });
  await user.jobsIdle();
  expect((await readFile(out)).equals(bytes)).toBe(true);

  const stopped = await sharer.setAccountSharing({ id: shared.id, enabled: false });
  expect(stopped.sharing).toMatchObject({ enabled: false, nurl: null });
  expect((await user.testAccount({ id: remote.id })).ok).toBe(false);
});
