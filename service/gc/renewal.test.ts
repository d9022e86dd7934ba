/**
 * Lease renewal as the health monitor drives it, with the clock under the
 * test's control: the monitor asks hourly, and GridGc renews every lease the
 * catalog references once half the 31-day term has passed since the last
 * complete renewal, and not before. Measured on a real local-folder server's
 * lease records.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { afterEach, beforeEach, expect, it, vi } from 'vitest';
import { bytesByteSource, uploadFile } from '../../engine/grid';
import { LocalFolderStorageServer } from '../../engine/storage/local';
import { Catalog } from '../catalog';
import { HealthMonitor, LEASE_CHECK_INTERVAL_MS } from '../health/monitor';
import { sampleFile } from '../test-support/catalog';
import { GridGc } from './index';
import { LEASE_TERM_MS, RENEW_AFTER_MS, type RenewalReport } from './renewal';

const DAY = 24 * 60 * 60 * 1000;
const HOUR = 60 * 60 * 1000;
const LEASE_SECRET = new Uint8Array(32).fill(7);
const ENCODING = { needed: 1, happy: 1, total: 1, maxSegmentSize: 64 * 1024 };

let root: string;
let clock: number;
let catalog: Catalog;
let monitor: HealthMonitor | undefined;

beforeEach(async () => {
  root = await mkdtemp(join(tmpdir(), 'raic-gc-renewal-'));
  clock = Date.UTC(2026, 0, 1);
  catalog = Catalog.open(join(root, 'catalog.sqlite'), { now: () => clock });
});
afterEach(async () => {
  await monitor?.stop();
  vi.useRealTimers();
  monitor = undefined;
  catalog.close();
  await rm(root, { recursive: true, force: true });
});

it('renews the referenced leases once half the term has passed since the last renewal, and not before', async () => {
  const server = new LocalFolderStorageServer({ serverId: 'folder', nickname: 'Folder', root: join(root, 'folder'), now: () => clock });
  const upload = await uploadFile([server], bytesByteSource(randomBytes(40_000)), { encoding: ENCODING, convergence: new Uint8Array(16).fill(3), leaseSecret: LEASE_SECRET });
  // A second upload the catalog does not reference: its lease must be left to run out.
  const stray = await uploadFile([server], bytesByteSource(randomBytes(30_000)), { encoding: ENCODING, convergence: new Uint8Array(16).fill(3), leaseSecret: LEASE_SECRET });
  catalog.addFile(
    sampleFile('/kept.bin', 1, {
      cap: upload.cap,
      storageIndex: upload.storageIndex,
      encoding: { needed: 1, happy: 1, total: 1, segmentSize: ENCODING.maxSegmentSize },
      placements: [{ accountId: 'folder', shareNumber: 0 }],
    }),
  );
  const uploadedAt = clock;
  const leaseOf = async (si: string | null) => (await server.listStoredShares()).find((s) => s.storageIndex === si)?.leaseExpiresAt;
  expect(await leaseOf(upload.storageIndex)).toBe(uploadedAt + LEASE_TERM_MS);

  const gc = new GridGc({ dataDir: root, catalog, servers: async () => [server], leaseSecret: async () => LEASE_SECRET, now: () => clock });
  const asked: Promise<RenewalReport | undefined>[] = [];
  monitor = new HealthMonitor(
    {
      accounts: () => [],
      files: () => [],
      check: () => Promise.reject(new Error('no files are checked in this test')),
      recordFileHealth: () => undefined,
      recordEvent: () => undefined,
      renewLeasesIfDue: (signal) => {
        const renewal = gc.renewIfDue({ signal });
        asked.push(renewal);
        return renewal;
      },
      now: () => clock,
    },
    { fileCheckIntervalMs: 20 * DAY },
  );
  // Only the monitor's timers are faked: the server's file I/O runs for real.
  vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
  monitor.start();

  // Never renewed before: the first ask (shortly after start) renews.
  clock += DAY;
  await vi.advanceTimersByTimeAsync(60_000);
  expect(asked).toHaveLength(1);
  expect(await asked[0]).toMatchObject({ storageIndexes: 1, renewed: 1, problems: [], interrupted: false });
  const firstRenewal = clock;
  expect(await gc.lastRenewalAt()).toBe(firstRenewal);
  expect(await leaseOf(upload.storageIndex)).toBe(firstRenewal + LEASE_TERM_MS);

  // Just short of half the term later, hourly asks change nothing.
  clock = firstRenewal + RENEW_AFTER_MS - 2 * HOUR;
  await vi.advanceTimersByTimeAsync(LEASE_CHECK_INTERVAL_MS + 60_000);
  expect(asked).toHaveLength(2);
  expect(await asked[1]).toBeUndefined();
  expect(await leaseOf(upload.storageIndex)).toBe(firstRenewal + LEASE_TERM_MS);
  expect(await gc.lastRenewalAt()).toBe(firstRenewal);

  // Once half the term has passed, the next hourly ask renews, for the referenced file only.
  clock = firstRenewal + RENEW_AFTER_MS + HOUR;
  await vi.advanceTimersByTimeAsync(LEASE_CHECK_INTERVAL_MS + 60_000);
  expect(asked).toHaveLength(3);
  expect(await asked[2]).toMatchObject({ storageIndexes: 1, renewed: 1 });
  expect(await leaseOf(upload.storageIndex)).toBe(clock + LEASE_TERM_MS);
  expect(await leaseOf(stray.storageIndex)).toBe(uploadedAt + LEASE_TERM_MS);
  expect(await gc.lastRenewalAt()).toBe(clock);

  // The stray upload's lease has run out by now; the renewed one keeps its share through a collection.
  clock = uploadedAt + LEASE_TERM_MS + DAY;
  const collected = await server.collectExpiredLeases();
  expect(collected.removedShares).toBe(1);
  expect(await leaseOf(upload.storageIndex)).toBeGreaterThan(clock);
  expect(await leaseOf(stray.storageIndex)).toBeUndefined();
});
