import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { expect, it } from 'vitest';
import type { MainContext } from '../main-context';
import { RaicService } from '../../service/raic-service';
import { GbsStorageServer, parseNurl } from '../../engine/storage/gbs';
import { makeTempRoot, useTempRoot } from '../test-support/run-captured';
import { registerStorageServerConformance } from '../../engine/storage/conformance/suite';
import type { LocalFolderStorageServer } from '../../engine/storage/local';
import { Capture } from '../test-support/commands';
import { GBS_USAGE, run } from './gbs';

const temp = useTempRoot('gbs');

function context(dataDir: string): { ctx: MainContext; stdout: Capture; stderr: Capture; service: () => RaicService | undefined } {
  const stdout = new Capture();
  const stderr = new Capture();
  let service: RaicService | undefined;
  const ctx: MainContext = {
    stdout,
    stderr,
    dataDir,
    async openService() {
      service ??= await RaicService.open(dataDir, { log: () => undefined });
      return service;
    },
    async openGrid() {
      return (await ctx.openService()).openGrid();
    },
  };
  return { ctx, stdout, stderr, service: () => service };
}

/** Starts `raic gbs serve`, waits for its NURL, hands it to `use`, then stops the command. */
async function serving(argv: string[], use: (nurl: string, stdout: string) => Promise<void>): Promise<{ code: number; stderr: string }> {
  const { ctx, stdout, stderr, service } = context(temp.dataDir);
  let stop!: () => void;
  const stopped = new Promise<void>((resolve) => (stop = resolve));
  const running = run(['serve', ...argv], ctx, () => stopped);
  try {
    for (let waited = 0; !/^pb:\/\/.*#v=1$/m.test(stdout.text); waited += 20) {
      if (waited > 20_000) throw new Error(`no NURL printed; stderr: ${stderr.text}`);
      const early = await Promise.race([running, new Promise((resolve) => setTimeout(() => resolve(undefined), 20))]);
      if (early !== undefined) throw new Error(`raic gbs serve ended early (${String(early)}): ${stderr.text}`);
    }
    await use(stdout.text.match(/^pb:\/\/.*#v=1$/m)![0], stdout.text);
  } finally {
    stop();
  }
  const code = await running;
  await service()?.close();
  return { code, stderr: stderr.text };
}

async function firstAccountName(): Promise<string> {
  const service = await RaicService.open(temp.dataDir, { log: () => undefined });
  try {
    return (await service.openAccounts()).runtimes[0]!.account.name;
  } finally {
    await service.close();
  }
}

it('serves an account over GBS, printing the NURL and a servers.yaml entry, with the same identity after a restart', async () => {
  const account = await firstAccountName();
  let firstNurl = '';
  const first = await serving(['--account', account], async (nurl, stdout) => {
    firstNurl = nurl;
    expect(stdout).toContain(`Serving account "${account}" over the Tahoe-LAFS HTTP storage protocol (GBS) on 127.0.0.1:`);
    expect(stdout).toMatch(/\nstorage:\n {2}v0-[a-z2-7]{52}:\n {4}ann:\n/);
    expect(stdout).toContain(`      anonymous-storage-NURLs:\n        - "${nurl}"\n`);
    expect(stdout).toContain(`      nickname: ${JSON.stringify(account)}\n`);
    // A client stores a share on the account through the protocol, and reads it back.
    const client = new GbsStorageServer({ nurl });
    const si = randomBytes(16);
    const data = randomBytes(1000);
    const secrets = { renewSecret: new Uint8Array(32).fill(1), cancelSecret: new Uint8Array(32).fill(2), uploadSecret: new Uint8Array(32).fill(3) };
    const writer = (await client.allocateBuckets({ storageIndex: si, ...secrets, shareNumbers: [0], allocatedSize: data.length })).allocated.get(0)!;
    await writer.write(0, data);
    await writer.close();
    expect(Buffer.from(await (await client.getBuckets(si)).get(0)!.read(0, 2000)).equals(data)).toBe(true);
    client.close();
  });
  expect(first).toEqual({ code: 0, stderr: '' });
  const { port, ...identity } = parseNurl(firstNurl);
  const second = await serving(['--account', account, '--port', String(port)], async (nurl) => {
    expect(nurl).toBe(firstNurl);
  });
  expect(second.code).toBe(0);
  expect(identity.swissnum.length).toBeGreaterThan(20);
});

it('names the host given with --advertise and warns when reachable from other machines', async () => {
  const account = await firstAccountName();
  const result = await serving(['--account', account, '--host', '0.0.0.0', '--advertise', 'nas.example.net'], async (nurl) => {
    expect(parseNurl(nurl).host).toBe('nas.example.net');
  });
  expect(result.code).toBe(0);
  expect(result.stderr).toMatch(/reachable from other machines/);
});

it('refuses unknown accounts and bad arguments with a clear message', async () => {
  const { ctx, stderr, service } = context(temp.dataDir);
  expect(await run(['serve', '--account', 'nope'], ctx, async () => undefined)).toBe(1);
  expect(stderr.text).toMatch(/^raic gbs: no enabled account is named "nope" \(enabled accounts: ".+"\)\n$/);
  await service()?.close();
  for (const argv of [[], ['launch'], ['serve'], ['serve', '--account', 'a', '--port', 'x'], ['serve', '--acount', 'a']]) {
    const captured = context(join(temp.root, 'unused'));
    expect(await run(argv, captured.ctx, async () => undefined), argv.join(' ')).toBe(2);
    expect(captured.stderr.text).toMatch(new RegExp(`^raic gbs: .+\\n${GBS_USAGE.replace(/[[\]]/g, '\\$&')}\\n$`));
  }
});

/**
 * Acceptance for issue 21: `raic gbs serve --account "Local folder 1"` (the
 * default grid's local-folder server) passes the storage conformance suite,
 * its immutable, corruption-advice, lease and mutable groups, through the GBS
 * client. Each test gets a fresh data folder and its own `raic gbs serve`.
 */
registerStorageServerConformance(
  'raic gbs serve --account "Local folder 1", through GbsStorageServer',
  async (options = {}) => {
    const made = await makeTempRoot('gbs-conformance');
    const { ctx, stdout, stderr, service } = context(made.dataDir);
    const opened = await ctx.openService();
    const account = (await opened.openAccounts()).runtimes.find((r) => r.account.name === 'Local folder 1');
    if (!account) throw new Error('a fresh data folder has no "Local folder 1" account');
    // A test that names its server (its refusals quote the name) gets the account renamed.
    const name = options.nickname ?? 'Local folder 1';
    const changes = { ...(options.sizeLimitBytes !== undefined ? { sizeLimitBytes: options.sizeLimitBytes } : {}), ...(name !== 'Local folder 1' ? { name } : {}) };
    if (Object.keys(changes).length > 0) await opened.editAccount({ id: account.account.id, changes });
    let stop!: () => void;
    const stopped = new Promise<void>((resolve) => (stop = resolve));
    const running = run(['serve', '--account', name], ctx, () => stopped);
    for (let waited = 0; !/^pb:\/\/.*#v=1$/m.test(stdout.text); waited += 20) {
      if (waited > 20_000) throw new Error(`no NURL printed; stderr: ${stderr.text}`);
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    const client = new GbsStorageServer({ nurl: stdout.text.match(/^pb:\/\/.*#v=1$/m)![0], nickname: options.nickname });
    const backend = (await opened.openAccounts()).runtimes.find((r) => r.account.name === name)!.server as LocalFolderStorageServer;
    return {
      server: client,
      listAdvisories: () => backend.listCorruptionAdvisories(),
      async cleanup() {
        client.close();
        stop();
        expect(await running).toBe(0);
        await service()?.close();
        await made.cleanup();
      },
    };
  },
  {
    renewLease: 'GBS has only add-or-renew (PUT lease), which is addLease',
    openShare: 'a remote protocol, where one lookup costs a request as a listing does (StorageServer.openShare)',
  },
);
