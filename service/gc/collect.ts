/**
 * `raic gc`: renew, expire, collect, now. Renews this grid's lease on
 * everything the catalog references; gives up this grid's lease on storage
 * indexes nothing references any more (left by a crash between a catalog
 * change and its release, or by an upload that never reached the catalog),
 * once their lease is older than RECENT_LEASE_GRACE_MS, so an upload or
 * catalog backup that has stored its shares but not yet recorded them is
 * never touched; then removes every share whose last lease has expired.
 * Reports what it freed per account.
 */
import { describeError } from '../../engine/grid';
import { addRemovals, canCollectLeases, type ShareRemoval } from '../../engine/storage/lease-collection';
import type { StorageServer } from '../../engine/storage/types';
import type { StorageIndexHolds } from './holds';
import type { ReferenceIndex } from './references';
import type { ReleaseFiles } from './release';
import { LEASE_TERM_MS, renewLeases, type RenewalOptions, type RenewalReport } from './renewal';

/** An unreferenced storage index whose lease was added or renewed less than this long ago is left for a later run. */
export const RECENT_LEASE_GRACE_MS = 60 * 60 * 1000;

export interface AccountFreed extends ShareRemoval {
  accountId: string;
  accountName: string;
}

export interface GcReport {
  renewal: RenewalReport;
  /** Unreferenced storage indexes whose lease this grid gave up in this run. */
  expired: number;
  perAccount: AccountFreed[];
  totals: ShareRemoval;
  problems: string[];
}

export interface GcDeps {
  servers(): Promise<readonly StorageServer[]>;
  leaseSecret(): Promise<Uint8Array>;
  references: ReferenceIndex;
  holds: StorageIndexHolds;
  releaseFiles: ReleaseFiles;
  now?(): number;
}

export async function runGarbageCollection(deps: GcDeps, options: Pick<RenewalOptions, 'signal' | 'onProgress'> = {}): Promise<GcReport> {
  const now = deps.now?.() ?? Date.now();
  const servers = await deps.servers();
  const renewal = await renewLeases(servers, await deps.leaseSecret(), deps.references.all(), options);
  const perAccount = new Map<string, AccountFreed>(servers.map((s) => [s.serverId, { accountId: s.serverId, accountName: s.nickname, removedShares: 0, removedBytes: 0 }]));
  const problems = [...renewal.problems];

  const unreferenced = new Set<string>();
  for (const server of servers.filter(canCollectLeases)) {
    try {
      for (const share of await server.listStoredShares()) {
        if (share.lease !== 'active' || deps.references.isReferenced(share.storageIndex) || deps.holds.isHeld(share.storageIndex)) continue;
        if ((share.leaseExpiresAt ?? 0) > now + LEASE_TERM_MS - RECENT_LEASE_GRACE_MS) continue;
        unreferenced.add(share.storageIndex);
      }
    } catch (error) {
      problems.push(`"${server.nickname}": ${describeError(error)}`);
    }
  }
  const released = await deps.releaseFiles([...unreferenced].map((storageIndex) => ({ storageIndex })));
  problems.push(...released.problems);
  for (const account of released.perAccount) {
    const total = perAccount.get(account.accountId);
    if (total) addRemovals(total, account);
  }

  for (const server of servers.filter(canCollectLeases)) {
    try {
      addRemovals(perAccount.get(server.serverId)!, await server.collectExpiredLeases());
    } catch (error) {
      problems.push(`"${server.nickname}": ${describeError(error)}`);
    }
  }
  const accounts = [...perAccount.values()];
  const totals = accounts.reduce((sum, a) => addRemovals(sum, a), { removedShares: 0, removedBytes: 0 });
  return { renewal, expired: released.released.length, perAccount: accounts, totals, problems };
}
