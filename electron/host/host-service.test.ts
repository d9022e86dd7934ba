import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { RaicService } from '../../service/raic-service';
import { connectHost } from './host-wiring.test-helper';

const dirs: string[] = [];
afterEach(async () => {
  await Promise.all(dirs.splice(0).map((d) => rm(d, { recursive: true, force: true })));
});

describe('the service host loop over the real RaicService', () => {
  it('answers over a cloning port and closes the service on shutdown', async () => {
    const dataDir = await mkdtemp(path.join(os.tmpdir(), 'raic-host-'));
    dirs.push(dataDir);
    const service = await RaicService.open(dataDir, { log: () => undefined, backupDebounceMs: 60_000 });
    service.startBackground({ monitor: false });
    const { client, sendRaw, exit, fromHost } = connectHost(service);

    const status = await client.request('getStatus', {});
    expect(status.ok).toBe(true);
    expect((status as { value: { accounts: unknown[] } }).value.accounts).toHaveLength(5);
    const health = await client.request('getHealth', {});
    expect(health).toMatchObject({ ok: true, value: { status: 'healthy' } });
    expect(await client.request('createFolder', { path: 42 })).toMatchObject({ ok: false, error: { code: 'invalid_input' } });

    sendRaw({ kind: 'shutdown' });
    await expect.poll(() => exit.mock.calls.length).toBe(1);
    expect(fromHost.at(-1)).toEqual({ kind: 'closed' });
  });
});
