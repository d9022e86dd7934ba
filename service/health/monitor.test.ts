import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { makeTestGrid, type TestGrid } from '../../engine/test-support/test-grid';
import { checkGridFile, type FileCheckResult } from './file-check';
import { HealthMonitor, type MonitorDeps, type MonitoredAccount, type MonitoredFile, type MonitorNotice, type NewMonitorEvent } from './monitor';
import type { MonitorSettings } from './settings';
import { corruptShareOn, deleteSharesOn, storeRandomFile, SwitchableServer, TEST_ENCODING, TEST_LEASE_SECRET, type StoredFile } from '../test-support/health';

let grid: TestGrid;
let servers: SwitchableServer[];
let files: MonitoredFile[];
let events: NewMonitorEvent[];
let recorded: { fileId: number; result: FileCheckResult }[];
let monitors: HealthMonitor[];

beforeEach(async () => {
  grid = await makeTestGrid(5);
  servers = grid.servers.map((s) => new SwitchableServer(s));
  files = [];
  stored.clear();
  events = [];
  recorded = [];
  monitors = [];
});
afterEach(async () => {
  await Promise.all(monitors.map((m) => m.stop()));
  await grid.cleanup();
});

/** The uploads behind the monitored files, for damaging their shares on disk. */
const stored = new Map<number, StoredFile>();

async function addTrackedFile(path: string, health = 'healthy'): Promise<MonitoredFile> {
  const upload = await storeRandomFile(grid.servers, 150_000 + files.length);
  const file: MonitoredFile = { id: files.length + 1, path, cap: upload.cap, size: upload.size, encoding: TEST_ENCODING, health };
  files.push(file);
  stored.set(file.id, upload);
  return file;
}

function storedOf(file: MonitoredFile): StoredFile {
  return stored.get(file.id)!;
}

function accounts(): MonitoredAccount[] {
  return servers.map((server) => ({
    id: server.serverId,
    name: server.nickname,
    async probe() {
      const started = Date.now();
      await server.getVersion();
      return { latencyMs: Date.now() - started };
    },
  }));
}

function monitorWith(settings: Partial<MonitorSettings> = {}, overrides: Partial<MonitorDeps> = {}): HealthMonitor {
  const deps: MonitorDeps = {
    accounts,
    files: () => files,
    check: (file, options) => checkGridFile(servers, file.cap, file.encoding, { ...options, leaseSecret: TEST_LEASE_SECRET }),
    recordFileHealth: (fileId, result) => recorded.push({ fileId, result }),
    recordEvent: (event) => events.push(event),
    ...overrides,
  };
  const monitor = new HealthMonitor(deps, settings);
  monitors.push(monitor);
  return monitor;
}

function kinds(): string[] {
  return events.filter((e) => e.kind !== 'check-pass').map((e) => e.kind);
}

/** Polls until `condition` holds, failing after `timeoutMs` rather than hanging the suite. */
async function waitFor(condition: () => boolean, timeoutMs = 5000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`condition not met within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

describe('HealthMonitor passes', () => {
  it('a healthy grid: healthy status, results recorded, no transition events', async () => {
    await addTrackedFile('/a.bin');
    await addTrackedFile('/b.bin');
    const monitor = monitorWith();
    expect(monitor.gridHealth().status).toBe('unknown');
    const report = await monitor.runPass();
    expect(report).toMatchObject({ filesChecked: 2, repaired: 0, repairFailed: 0, counts: { healthy: 2 }, interrupted: false });
    expect(recorded.map((r) => r.result.assessment.tolerance)).toEqual([2, 2]);
    expect(kinds()).toEqual([]);
    expect(events.at(-1)).toMatchObject({ kind: 'check-pass', severity: 'info', message: 'Health check done: 2 files checked (2 verified): 2 healthy.' });
    expect(monitor.gridHealth()).toMatchObject({ status: 'healthy', counts: { healthy: 2, unknown: 0 }, worstFiles: [] });
  });

  it('a grid without files is healthy even before a pass', () => {
    expect(monitorWith().gridHealth().status).toBe('healthy');
  });

  it('reports a degraded file once, then its fall to unreadable; the grid status is the worst file', async () => {
    const damaged = await addTrackedFile('/damaged.bin');
    await addTrackedFile('/fine.bin');
    const monitor = monitorWith({ autoRepair: false });
    await deleteSharesOn(grid, [0], storedOf(damaged));
    await monitor.runPass();
    await monitor.runPass();
    expect(kinds()).toEqual(['file-health']);
    expect(events.find((e) => e.kind === 'file-health')).toMatchObject({ severity: 'warning', filePath: '/damaged.bin' });
    expect(events.find((e) => e.kind === 'file-health')!.message).toMatch(/^"\/damaged.bin" is now degraded \(was healthy\): 4 of 5 shares/);
    expect(monitor.gridHealth()).toMatchObject({ status: 'degraded', counts: { degraded: 1, healthy: 1 } });

    await deleteSharesOn(grid, [1, 2], storedOf(damaged));
    await monitor.runPass();
    expect(kinds()).toEqual(['file-health', 'file-health']);
    expect(events.filter((e) => e.kind === 'file-health')[1]).toMatchObject({ severity: 'error' });
    const status = monitor.gridHealth();
    expect(status.status).toBe('unreadable');
    expect(status.worstFiles).toEqual([{ path: '/damaged.bin', health: 'unreadable', summary: expect.stringContaining('unreadable') }]);
  });

  it('does not report a file whose catalog health is already what it finds', async () => {
    const damaged = await addTrackedFile('/known.bin', 'degraded');
    await deleteSharesOn(grid, [3], storedOf(damaged));
    await monitorWith({ autoRepair: false }).runPass();
    expect(kinds()).toEqual([]);
  });

  it('auto-repair brings a degraded file back to healthy, once', async () => {
    const damaged = await addTrackedFile('/repair-me.bin');
    await deleteSharesOn(grid, [2], storedOf(damaged));
    const monitor = monitorWith();
    const report = await monitor.runPass();
    expect(report).toMatchObject({ repaired: 1, repairFailed: 0, counts: { healthy: 1 } });
    expect(kinds()).toEqual(['repair-done']);
    expect(events[0].message).toMatch(/^Repaired "\/repair-me.bin": 5 of 5 shares on 5 accounts/);
    expect(recorded[0].result).toMatchObject({ repaired: true, assessment: { health: 'healthy' } });
    await monitor.runPass();
    expect(kinds()).toEqual(['repair-done']);
    expect(monitor.gridHealth().status).toBe('healthy');
  });

  it('an unreadable file is reported as unreadable, not as a failed repair', async () => {
    const lost = await addTrackedFile('/lost.bin');
    await deleteSharesOn(grid, [0, 1, 2], storedOf(lost));
    const report = await monitorWith().runPass();
    expect(report).toMatchObject({ repaired: 0, repairFailed: 0, counts: { unreadable: 1 } });
    expect(kinds()).toEqual(['file-health']);
    expect(events[0]).toMatchObject({ severity: 'error', filePath: '/lost.bin' });
    expect(events[0].message).toMatch(/is now unreadable \(was healthy\): .*bring the offline accounts back online or restore the missing shares\.$/);
  });

  it('repairWhen at-risk leaves a degraded file alone and repairs an at-risk one', async () => {
    const degraded = await addTrackedFile('/degraded.bin');
    const atRisk = await addTrackedFile('/at-risk.bin');
    await deleteSharesOn(grid, [0], storedOf(degraded));
    await deleteSharesOn(grid, [0, 1], storedOf(atRisk));
    const report = await monitorWith({ repairWhen: 'at-risk' }).runPass();
    expect(report).toMatchObject({ repaired: 1, counts: { degraded: 1, healthy: 1 } });
    expect(events.find((e) => e.kind === 'repair-done')?.filePath).toBe('/at-risk.bin');
  });

  it('a failing repair is reported once, not every pass', async () => {
    const damaged = await addTrackedFile('/stuck.bin');
    await deleteSharesOn(grid, [4], storedOf(damaged));
    const monitor = monitorWith({}, { check: (file, options) => checkGridFile(servers, file.cap, file.encoding, options) }); // no lease secret
    const report = await monitor.runPass();
    await monitor.runPass();
    expect(report.repairFailed).toBe(1);
    expect(kinds()).toEqual(['repair-failed']);
    expect(events[0].message).toMatch(/^Could not repair "\/stuck.bin": repair needs the grid lease secret/);
  });

  it('verifying finds a corrupt share, reports it once and repairs around it', async () => {
    const file = await addTrackedFile('/corrupt.bin');
    await corruptShareOn(grid, 1, storedOf(file));
    const monitor = monitorWith();
    const quick = await monitor.runPass({ verify: false });
    expect(quick.counts).toEqual({ healthy: 1 });
    const verified = await monitor.runPass({ verify: true });
    expect(verified).toMatchObject({ filesVerified: 1, repaired: 1 });
    expect(kinds()).toEqual(['share-corrupt', 'repair-done']);
    expect(events.find((e) => e.kind === 'share-corrupt')).toMatchObject({ accountId: 'server-1', filePath: '/corrupt.bin' });
    expect(events.find((e) => e.kind === 'share-corrupt')!.message).toMatch(/^Share \d of "\/corrupt.bin" on account "account-1" is corrupt/);
    await monitor.runPass({ verify: true });
    expect(kinds()).toEqual(['share-corrupt', 'repair-done']); // the bad copy is still there, but already reported
  });

  it('the verify budget decides what a default pass verifies', async () => {
    await addTrackedFile('/one.bin');
    await addTrackedFile('/two.bin');
    expect((await monitorWith({ verifyBytesPerHour: 0 }).runPass()).filesVerified).toBe(0);
    expect((await monitorWith({ verifyBytesPerHour: 1024 ** 3 }).runPass()).filesVerified).toBe(2);
    // A budget smaller than one file still verifies one, then pays the debt off before verifying again.
    const tight = monitorWith({ verifyBytesPerHour: 1000, fileCheckIntervalMs: 3_600_000 });
    expect((await tight.runPass()).filesVerified).toBe(1);
    expect((await tight.runPass()).filesVerified).toBe(0);
  });

  it('overlapping passes run one after another, never together', async () => {
    await addTrackedFile('/x.bin');
    await addTrackedFile('/y.bin');
    let running = 0;
    let mostAtOnce = 0;
    const monitor = monitorWith({}, {
      async check(file, options) {
        running++;
        mostAtOnce = Math.max(mostAtOnce, running);
        try {
          await new Promise((resolve) => setTimeout(resolve, 20));
          return await checkGridFile(servers, file.cap, file.encoding, { ...options, leaseSecret: TEST_LEASE_SECRET });
        } finally {
          running--;
        }
      },
    });
    const reports = await Promise.all([monitor.runPass(), monitor.runPass({ verify: true }), monitor.runPass()]);
    expect(mostAtOnce).toBe(1);
    expect(reports.map((r) => r.filesChecked)).toEqual([2, 2, 2]);
    expect(reports[1].filesVerified).toBe(2);
  });

  it('a check that hangs times out, is reported once, and the pass goes on', async () => {
    await addTrackedFile('/hangs.bin');
    const fine = await addTrackedFile('/fine.bin');
    const monitor = monitorWith({ checkTimeoutMs: 50, verifyBytesPerHour: 0, autoRepair: false }, {
      check: (file, options) =>
        file.path === '/hangs.bin' ? new Promise<FileCheckResult>(() => undefined) : checkGridFile(servers, file.cap, file.encoding, options),
    });
    const report = await monitor.runPass();
    await monitor.runPass();
    expect(report).toMatchObject({ filesChecked: 1, counts: { healthy: 1 } });
    expect(recorded.every((r) => r.fileId === fine.id)).toBe(true);
    expect(kinds()).toEqual(['file-health']);
    expect(events[0].message).toBe('Could not check "/hangs.bin": its accounts did not answer within 50 ms. Its health is unknown until the next pass checks it again.');
    expect(monitor.gridHealth().counts.unknown).toBe(1);
  });

  it('stop interrupts a running pass and waits for it', async () => {
    await addTrackedFile('/slow.bin');
    await addTrackedFile('/never.bin');
    const monitor = monitorWith({}, { check: () => new Promise<FileCheckResult>(() => undefined) });
    const pass = monitor.runPass();
    await new Promise((resolve) => setTimeout(resolve, 20));
    await monitor.stop();
    const report = await pass;
    expect(report).toMatchObject({ filesChecked: 0, interrupted: true });
    expect(kinds()).toEqual([]);
    expect(events.at(-1)?.message).toMatch(/^Health check stopped early/);
  });

  it('tells subscribers about grid health and events, and stops when unsubscribed', async () => {
    const damaged = await addTrackedFile('/watched.bin');
    await deleteSharesOn(grid, [0], storedOf(damaged));
    const monitor = monitorWith({ autoRepair: false });
    const notices: MonitorNotice[] = [];
    const unsubscribe = monitor.subscribe((n) => notices.push(n));
    monitor.subscribe(() => {
      throw new Error('a broken view');
    });
    await monitor.runPass();
    expect(notices.some((n) => n.type === 'grid-health' && n.grid.status === 'degraded')).toBe(true);
    expect(notices.some((n) => n.type === 'monitor-event' && n.event.kind === 'file-health')).toBe(true);
    unsubscribe();
    const seen = notices.length;
    await monitor.runPass();
    expect(notices.length).toBe(seen);
  });

  it('refuses bad settings with a message naming them, changing nothing', () => {
    const monitor = monitorWith();
    expect(() => monitor.updateSettings({ fileCheckIntervalMs: -1, autoRepair: false })).toThrow(/fileCheckIntervalMs must be/);
    expect(() => monitorWith({ repairWhen: 'never' as never })).toThrow(/repairWhen must be "degraded" or "at-risk"/);
    expect(monitor.currentSettings().autoRepair).toBe(true);
  });
});

describe('HealthMonitor account probes', () => {
  it('reports an account going offline once and coming back once', async () => {
    const monitor = monitorWith();
    await monitor.probeAccounts();
    expect(monitor.accountHealth().every((a) => a.online)).toBe(true);
    expect(kinds()).toEqual([]);

    servers[3].offline = true;
    await monitor.probeAccounts();
    await monitor.probeAccounts();
    expect(kinds()).toEqual(['account-offline']);
    expect(events[0]).toMatchObject({ accountId: 'server-3', severity: 'error' });
    expect(events[0].message).toMatch(/^Account "account-3" is offline: connection refused by account-3\. /);
    const offline = monitor.accountHealth().find((a) => a.id === 'server-3')!;
    expect(offline).toMatchObject({ online: false, latencyMs: null, lastError: 'connection refused by account-3' });

    servers[3].offline = false;
    await monitor.probeAccounts();
    await monitor.probeAccounts();
    expect(kinds()).toEqual(['account-offline', 'account-online']);
    expect(events[1].message).toMatch(/^Account "account-3" is back online after \d+ ms offline\.$/);
    const back = monitor.accountHealth().find((a) => a.id === 'server-3')!;
    expect(back).toMatchObject({ online: true, lastError: null });
    expect(back.since).toBeGreaterThanOrEqual(offline.since!);
  });

  it('an account that does not answer in time counts as offline', async () => {
    const monitor = monitorWith({ probeTimeoutMs: 50 }, {
      accounts: () => [{ id: 'slow', name: 'Slow cloud', probe: () => new Promise(() => undefined) }],
    });
    const [slow] = await monitor.probeAccounts();
    expect(slow).toMatchObject({ online: false, lastError: 'account "Slow cloud" did not answer within 50 ms' });
    expect(kinds()).toEqual(['account-offline']);
  });

  it('an account not yet probed is shown as such', () => {
    const [first] = monitorWith().accountHealth();
    expect(first).toMatchObject({ id: 'server-0', name: 'account-0', online: false, lastProbeAt: null, since: null });
  });

  it('start probes on its own timer, and stop ends it', async () => {
    const monitor = monitorWith({ accountProbeIntervalMs: 20, fileCheckIntervalMs: 3_600_000 });
    servers[0].offline = true;
    monitor.start();
    await waitFor(() => kinds().includes('account-offline'));
    servers[0].offline = false;
    await waitFor(() => kinds().includes('account-online'));
    await monitor.stop();
    const count = events.length;
    await new Promise((resolve) => setTimeout(resolve, 60));
    expect(events.length).toBe(count);
  });

  it('start runs a first pass by itself', async () => {
    await addTrackedFile('/auto.bin');
    const monitor = monitorWith({ accountProbeIntervalMs: 3_600_000, fileCheckIntervalMs: 30 });
    monitor.start();
    await waitFor(() => recorded.length > 0);
    await monitor.stop();
    expect(monitor.gridHealth().status).toBe('healthy');
  });
});
