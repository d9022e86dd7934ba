/**
 * The catalog backup's flush at close stores every change, including one
 * made while a publish was already running (its snapshot taken just before):
 * the end of a batch of jobs lands so, and the old stop() let that change go
 * unpublished. And a close with nothing new stores nothing more.
 * A real grid of local folders; the catalog is a stand-in whose snapshot is a
 * version number, so what the stored backup holds is plain to check.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import { afterEach, expect, it } from 'vitest';
import { makeTestGrid, type TestGrid } from '../engine/test-support/test-grid';
import { CatalogBackup, readBackupState, type CatalogBackupDeps } from './catalog-backup';
import { findLatestCatalog, generateRecoveryKey, localFolderAuxStore, type RecoveryKey } from './recovery';
import type { Catalog } from './catalog';
import type { AccountRuntime } from './accounts/account-runtime';
import type { GridConfig } from './grid-config';

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  while (cleanups.length > 0) await cleanups.pop()!();
});

/** A catalog whose snapshot is `{ version }` and which tells its listeners when the version changes. */
class VersionedCatalog {
  version = 1;
  private listeners = new Set<() => void>();
  exportSnapshot(): unknown {
    return { version: this.version, padding: 'x'.repeat(200) };
  }
  onChange(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }
  change(): void {
    this.version++;
    for (const listener of this.listeners) listener();
  }
}

interface Setup {
  grid: TestGrid;
  catalog: VersionedCatalog;
  key: RecoveryKey;
  deps: CatalogBackupDeps;
  /** Holds the next publishes just past their snapshot (at the key) until releaseKey(). */
  holdKey(): void;
  keyAsked(): Promise<void>;
  releaseKey(): void;
}

async function setUp(): Promise<Setup> {
  const grid = await makeTestGrid(3);
  cleanups.push(() => grid.cleanup());
  const dataDir = await mkdtemp(path.join(tmpdir(), 'raic-backup-flush-'));
  cleanups.push(() => rm(dataDir, { recursive: true, force: true }));
  const catalog = new VersionedCatalog();
  const key = generateRecoveryKey();
  const runtimes = grid.servers.map((server) => ({ server, aux: localFolderAuxStore({ id: server.serverId, name: server.nickname, root: server.root }) }) as unknown as AccountRuntime);
  const grant = { convergence: new Uint8Array(randomBytes(16)), leaseSecret: new Uint8Array(randomBytes(32)) };
  // The key is asked for after the snapshot is taken: holding it back holds the publish just past its snapshot.
  let held: Promise<void> = Promise.resolve();
  let release = (): void => undefined;
  let asked = (): void => undefined;
  let askedPromise = Promise.resolve();
  const deps: CatalogBackupDeps = {
    dataDir,
    catalog: catalog as unknown as Catalog,
    config: () => ({ encoding: { needed: 2, happy: 3, total: 3, maxSegmentSize: 1 << 20 }, accounts: [] }) as unknown as GridConfig,
    key: async () => {
      asked();
      await held;
      return key;
    },
    runtimes: async () => runtimes,
    grid: async () => grant,
    onPublished: () => undefined,
    onProblem: (message) => {
      throw new Error(message);
    },
    debounceMs: 60_000,
    maxWaitMs: 60_000,
  };
  return {
    grid,
    catalog,
    key,
    deps,
    holdKey() {
      held = new Promise<void>((resolve) => (release = resolve));
      askedPromise = new Promise<void>((resolve) => (asked = resolve));
    },
    keyAsked: () => askedPromise,
    releaseKey: () => release(),
  };
}

async function storedVersion(grid: TestGrid, key: RecoveryKey): Promise<number> {
  const found = await findLatestCatalog({ servers: grid.servers, auxStores: grid.servers.map((server) => localFolderAuxStore({ id: server.serverId, name: server.nickname, root: server.root })), key });
  return (JSON.parse(new TextDecoder().decode(found.snapshot)) as { catalog: { version: number } }).catalog.version;
}

it('publishes at close a change made while the last publish was running, after its snapshot', async () => {
  const setup = await setUp();
  const backup = new CatalogBackup(setup.deps, await readBackupState(setup.deps.dataDir));
  setup.holdKey();
  const first = backup.publishNow(); // snapshot of version 1, then held at the key
  await setup.keyAsked();
  setup.catalog.change(); // version 2: after that snapshot
  const endOfBatch = backup.publishIfPending(); // what the service calls when the last job ends
  const closing = backup.stop({ flush: true });
  setup.releaseKey();
  await Promise.all([first, endOfBatch, closing]);
  expect(await storedVersion(setup.grid, setup.key)).toBe(2);
  expect(backup.status().seq).toBe(2);
});

it('stores nothing more at close when nothing changed since the last publish', async () => {
  const setup = await setUp();
  const backup = new CatalogBackup(setup.deps, await readBackupState(setup.deps.dataDir));
  setup.catalog.change();
  await backup.publishNow();
  await backup.stop({ flush: true });
  expect(backup.status().seq).toBe(1);
  expect(await storedVersion(setup.grid, setup.key)).toBe(2);
});

it('passes over a quiet spell while jobs run, and still publishes at the ceiling', async () => {
  const setup = await setUp();
  let busy = true;
  const backup = new CatalogBackup({ ...setup.deps, busy: () => busy, debounceMs: 50, maxWaitMs: 700 }, await readBackupState(setup.deps.dataDir));
  const changedAt = Date.now();
  setup.catalog.change();
  await new Promise((resolve) => setTimeout(resolve, 400));
  expect(backup.status().seq).toBe(0); // the quiet spell came and went: the jobs' batch end would publish
  await expect.poll(() => backup.status().seq, { timeout: 5000, interval: 20 }).toBe(1);
  expect(Date.now() - changedAt).toBeGreaterThanOrEqual(650);

  // Not busy: the quiet spell publishes as before.
  busy = false;
  setup.catalog.change();
  await expect.poll(() => backup.status().seq, { timeout: 5000, interval: 20 }).toBe(2);
  await backup.stop();
});
