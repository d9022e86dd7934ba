/**
 * The monitor's live health (issue 20, item 1): an account going offline or
 * coming back changes the grid's health at the next probe, without a check
 * pass, from the placements the files were stored with. Real local storage
 * servers, switched off and on.
 */
import { afterEach, beforeEach, expect, it } from 'vitest';
import { makeTestGrid, type TestGrid } from '../../engine/test-support/test-grid';
import { checkGridFile } from './file-check';
import { HealthMonitor, type MonitorNotice } from './monitor';
import type { PlacedFile } from './live-health';
import { storeRandomFile, SwitchableServer, TEST_ENCODING, TEST_LEASE_SECRET } from '../test-support/health';

let grid: TestGrid;
let servers: SwitchableServer[];
let monitor: HealthMonitor | undefined;

beforeEach(async () => {
  grid = await makeTestGrid(5);
  servers = grid.servers.map((s) => new SwitchableServer(s));
});
afterEach(async () => {
  await monitor?.stop();
  await grid.cleanup();
});

async function placedFile(id: number, path: string): Promise<PlacedFile> {
  const stored = await storeRandomFile(grid.servers, 100_000 + id);
  const found = await checkGridFile(servers, stored.cap, TEST_ENCODING, { verify: false, repair: false });
  const placements = Object.entries(found.sharesByAccount).flatMap(([accountId, shares]) => shares.map((shareNumber) => ({ accountId, shareNumber })));
  return { id, path, cap: stored.cap, encoding: TEST_ENCODING, placements };
}

it('follows an account offline and back at each probe, without a check pass', async () => {
  const files = [await placedFile(1, '/a.bin'), await placedFile(2, '/b.bin')];
  const checks: string[] = [];
  const notices: MonitorNotice[] = [];
  monitor = new HealthMonitor(
    {
      accounts: () => servers.map((s) => ({ id: s.serverId, name: s.nickname, probe: async () => (await s.getVersion(), { latencyMs: 1 }) })),
      files: () => files.map((f) => ({ ...f, size: 1, encoding: TEST_ENCODING, health: 'unknown' })),
      placedFiles: () => files,
      // The files never change here: the derivation is reused, and must still follow every account change.
      placedFilesVersion: () => 1,
      check: (file, options) => {
        checks.push(file.path);
        return checkGridFile(servers, file.cap, file.encoding, { ...options, leaseSecret: TEST_LEASE_SECRET });
      },
      recordFileHealth: () => undefined,
      recordEvent: () => undefined,
    },
    { accountProbeIntervalMs: 60_000 },
  );
  monitor.subscribe((notice) => notices.push(notice));
  const gridNotices = () => notices.flatMap((n) => (n.type === 'grid-health' ? [n.grid.status] : []));

  // Before any probe: not healthy on a guess.
  expect(monitor.gridHealth()).toMatchObject({ status: 'unknown', counts: { unknown: 2 } });
  await monitor.probeAccounts();
  expect(monitor.gridHealth()).toMatchObject({ status: 'healthy', counts: { healthy: 2, unknown: 0 } });

  servers[0]!.offline = true;
  await monitor.probeAccounts();
  const degraded = monitor.gridHealth();
  expect(degraded).toMatchObject({ status: 'degraded', counts: { degraded: 2 } });
  expect(degraded.worstFiles[0]!.summary).toContain(`account "${servers[0]!.nickname}" is offline`);

  servers[1]!.offline = true;
  await monitor.probeAccounts();
  expect(monitor.gridHealth().status).toBe('at-risk');

  servers[0]!.offline = false;
  servers[1]!.offline = false;
  await monitor.probeAccounts();
  expect(monitor.gridHealth()).toMatchObject({ status: 'healthy', worstFiles: [] });

  // One notice per change (the first while the first probes were still answering), none repeated.
  expect(gridNotices()).toEqual(['unknown', 'healthy', 'degraded', 'at-risk', 'degraded', 'healthy']);
  expect(checks).toEqual([]);
});

it('repairs a file stored while an account was away onto that account as soon as it is back', async () => {
  servers[4]!.offline = true;
  const stored = await storeRandomFile(servers, 120_000);
  const found = await checkGridFile(servers, stored.cap, TEST_ENCODING, { verify: false, repair: false });
  expect(Object.keys(found.sharesByAccount)).toHaveLength(4);
  const file: PlacedFile = {
    id: 1,
    path: '/while-away.bin',
    cap: stored.cap,
    encoding: TEST_ENCODING,
    placements: Object.entries(found.sharesByAccount).flatMap(([accountId, shares]) => shares.map((shareNumber) => ({ accountId, shareNumber }))),
  };
  const results: Record<string, number[]>[] = [];
  monitor = new HealthMonitor(
    {
      accounts: () => servers.map((s) => ({ id: s.serverId, name: s.nickname, probe: async () => (await s.getVersion(), { latencyMs: 1 }) })),
      files: () => [{ ...file, encoding: TEST_ENCODING, size: stored.size, health: 'healthy' }],
      placedFiles: () => [file],
      check: (f, options) => checkGridFile(servers, f.cap, f.encoding, { ...options, leaseSecret: TEST_LEASE_SECRET, domainOf: (id) => id }),
      recordFileHealth: (_id, result) => results.push(result.sharesByAccount),
      recordEvent: () => undefined,
    },
    { accountProbeIntervalMs: 100, fileCheckIntervalMs: 3_600_000 },
  );
  monitor.start();
  // Stored with happiness met (five shares on four accounts): healthy, and nothing to do while the account is away.
  await new Promise((resolve) => setTimeout(resolve, 300));
  expect(monitor.gridHealth().status).toBe('healthy');
  expect(results).toEqual([]);

  servers[4]!.offline = false;
  const deadline = Date.now() + 10_000;
  while (!results.some((shares) => (shares[servers[4]!.serverId]?.length ?? 0) > 0)) {
    if (Date.now() > deadline) throw new Error(`no repair onto the returned account: ${JSON.stringify(results)}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  expect(Object.keys(results.at(-1)!)).toHaveLength(5);
});
