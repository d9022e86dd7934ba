/**
 * An opened account: its storage server (what the engine writes shares to),
 * the blob store behind it for cloud accounts, a small side store for the
 * recovery pointer, and the cheap probe the health monitor runs. Local folders
 * use the in-process LocalFolderStorageServer (about 3x faster than the
 * generic blob server on a disk); every cloud goes through BlobStorageServer.
 */
import { promises as fs } from 'node:fs';
// From the registry itself, not the engine/backends barrel, which re-exports every store (and so would load the AWS SDK and ssh2 with the service).
import { openAccountStore } from '../../engine/backends/registry';
import type { BackendOptions } from '../../engine/backends/backend';
import type { BlobStore, Capacity, ConnectionTestResult, Quota } from '../../engine/backends/types';
import { BlobStorageServer } from '../../engine/storage/blob-server';
import { LocalFolderStorageServer } from '../../engine/storage/local';
import type { StorageServer } from '../../engine/storage/types';
import type { AccountInput } from '../../shared/accounts';
import { blobAuxStore, localFolderAuxStore, type AuxStore } from '../recovery/aux-store';
import type { AccountConfig } from '../grid-config';
import { REQUEST_IDLE_TIMEOUT_MS } from './backend-settings';
import { GbsStorageServer } from '../../engine/storage/gbs';

export interface AccountRuntime {
  readonly account: AccountConfig;
  readonly server: StorageServer;
  readonly aux: AuxStore;
  /** A cheap round trip to the provider; throws with a readable reason when it cannot be reached. */
  probe(signal?: AbortSignal): Promise<{ latencyMs: number }>;
  /** What the provider says about space (quota, free), and RAIC's objects there. */
  capacity(): Promise<Partial<Capacity>>;
  /** The provider's quota and free space for the whole account (BlobStore.quota's promise); {} when it cannot tell. */
  quota(): Promise<Quota>;
  testConnection(): Promise<ConnectionTestResult>;
  close(): Promise<void>;
}

/** What the service hands a backend besides the account: its kept key and where renewed secrets go. */
export type AccountHooks = Pick<BackendOptions, 'accountKey' | 'onSecretFieldsChanged'>;

/** Opens an account from its config and its secrets (already read from the secret store). */
export interface AccountRuntimeOptions {
  freeSpace?(accountId: string): number | undefined;
  /** Whether the catalog places any share on the account (a folder account's disk not plugged in is told apart from a new, empty folder by it). */
  holdsStoredShares?(accountId: string): boolean;
}

/** Async because the provider's backend module is loaded when its first account opens (engine/backends/registry.ts). */
export async function openAccountRuntime(account: AccountConfig, input: AccountInput, hooks: AccountHooks = {}, options: AccountRuntimeOptions = {}): Promise<AccountRuntime> {
  if (input.provider === 'tahoe') return openTahoeAccount(account, input.nurl);
  const store = await openAccountStore(input, { requestTimeoutMs: REQUEST_IDLE_TIMEOUT_MS, ...hooks });
  if (input.provider === 'local') {
    const holds = options.holdsStoredShares;
    return openLocalAccount(account, input.path, store, holds && (() => holds(account.id)));
  }
  const freeSpace = options.freeSpace;
  return openBlobAccount(account, store, freeSpace && (async () => freeSpace(account.id)));
}

/** A folder gets the faster direct server; its BlobStore (`probeStore`) only runs the connection test. */
function openLocalAccount(account: AccountConfig, root: string, probeStore: BlobStore, holdsStoredShares?: () => boolean): AccountRuntime {
  const server = new LocalFolderStorageServer({ serverId: account.id, nickname: account.name, root, sizeLimitBytes: account.sizeLimitBytes, createMissingRoot: false, holdsStoredShares });
  return {
    account,
    server,
    // A catalog backup is written only where the account's store is (its atomic write would make missing folders).
    aux: localFolderAuxStore({ id: account.id, name: account.name, root, beforeWrite: () => server.checkStoreFolder() }),
    async probe() {
      const started = performance.now();
      await server.checkStoreFolder();
      await fs.access(root, fs.constants.W_OK).catch(() => {
        throw new Error(`RAIC cannot write to ${root}`);
      });
      return { latencyMs: performance.now() - started };
    },
    async capacity() {
      const disk = await fs.statfs(root);
      return { quotaBytes: disk.blocks * disk.bsize, freeBytes: disk.bavail * disk.bsize };
    },
    async quota() {
      const disk = await fs.statfs(root);
      return { totalBytes: disk.blocks * disk.bsize, usedBytes: (disk.blocks - disk.bfree) * disk.bsize, freeBytes: disk.bavail * disk.bsize };
    },
    testConnection: () => probeStore.testConnection(),
    close: () => probeStore.close(),
  };
}

function openBlobAccount(account: AccountConfig, store: BlobStore, freeSpace?: () => Promise<number | undefined>): AccountRuntime {
  const server = new BlobStorageServer({ serverId: account.id, nickname: account.name, store, sizeLimitBytes: account.sizeLimitBytes, freeSpace });
  return {
    account,
    server,
    aux: blobAuxStore({ id: account.id, name: account.name, store }),
    async probe() {
      const started = performance.now();
      // A HEAD of an object that need not exist: one authenticated round trip, nothing listed or written.
      await store.stat('raic-probe/ping');
      return { latencyMs: performance.now() - started };
    },
    capacity: () => store.capacity(),
    quota: async () => (store.quota ? store.quota() : {}),
    testConnection: () => store.testConnection(),
    close: () => store.close(),
  };
}

/**
 * A remote Tahoe-LAFS storage server (or another RAIC's shared account) over
 * the HTTP storage protocol, its certificate pinned by the NURL. It keeps
 * shares only: no side store for the recovery pointer (the other accounts
 * hold it), and its probe is the protocol's version call.
 */
function openTahoeAccount(account: AccountConfig, nurl: string): AccountRuntime {
  const server = new GbsStorageServer({ nurl, serverId: account.id, nickname: account.name, timeoutMs: 30_000 });
  const version = async () => {
    const started = performance.now();
    const answer = await server.getVersion();
    return { latencyMs: performance.now() - started, answer };
  };
  return {
    account,
    server,
    aux: {
      accountId: account.id,
      accountName: account.name,
      read: async () => undefined,
      write: async () => {
        throw new Error('a Tahoe-LAFS storage server keeps shares only; the recovery pointer is on your other accounts');
      },
      list: async () => [],
    },
    probe: async () => ({ latencyMs: (await version()).latencyMs }),
    async capacity() {
      const { answer } = await version();
      return Number.isFinite(answer.availableSpace) ? { freeBytes: answer.availableSpace } : {};
    },
    async quota() {
      const { answer } = await version();
      return Number.isFinite(answer.availableSpace) ? { freeBytes: answer.availableSpace } : {};
    },
    async testConnection() {
      try {
        const { latencyMs, answer } = await version();
        const space = Number.isFinite(answer.availableSpace) ? `${Math.round(answer.availableSpace / 1e9)} GB free` : 'free space not reported';
        return {
          ok: true,
          latencyMs,
          checks: [{ name: 'server', ok: true, detail: `the server answered with its pinned certificate in ${Math.round(latencyMs)} ms (${space})` }],
        };
      } catch (error) {
        return { ok: false, checks: [{ name: 'server', ok: false, detail: error instanceof Error ? error.message : String(error) }] };
      }
    },
    close: async () => undefined,
  };
}
