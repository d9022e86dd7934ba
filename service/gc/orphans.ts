/**
 * The orphan sweep: shares on an account that no running lease and no
 * catalog entry claims (left by a crash, by an older RAIC that kept no
 * leases, or by a lease file lost with its disk's last writes). Found on
 * request and removed only when the person agrees: the list says how many
 * bytes each account would get back.
 */
import { base32Decode } from '../../engine/chk/base32';
import { describeError } from '../../engine/grid';
import { addRemovals, canCollectLeases, type ShareRemoval } from '../../engine/storage/lease-collection';
import type { StorageServer } from '../../engine/storage/types';
import type { StorageIndexHolds } from './holds';
import type { ReferenceIndex } from './references';

export interface AccountOrphans {
  accountId: string;
  accountName: string;
  shares: number;
  bytes: number;
  storageIndexes: string[];
}

export interface OrphanDeps {
  servers(): Promise<readonly StorageServer[]>;
  references: ReferenceIndex;
  holds: StorageIndexHolds;
}

export async function findOrphans(deps: OrphanDeps): Promise<{ accounts: AccountOrphans[]; problems: string[] }> {
  const accounts: AccountOrphans[] = [];
  const problems: string[] = [];
  for (const server of (await deps.servers()).filter(canCollectLeases)) {
    const found: AccountOrphans = { accountId: server.serverId, accountName: server.nickname, shares: 0, bytes: 0, storageIndexes: [] };
    try {
      const indexes = new Set<string>();
      for (const share of await server.listStoredShares()) {
        if (share.lease === 'active' || deps.references.isReferenced(share.storageIndex) || deps.holds.isHeld(share.storageIndex)) continue;
        found.shares++;
        found.bytes += share.bytes;
        indexes.add(share.storageIndex);
      }
      found.storageIndexes = [...indexes].sort();
    } catch (error) {
      problems.push(`"${server.nickname}": ${describeError(error)}`);
    }
    accounts.push(found);
  }
  return { accounts, problems };
}

/** Removes what findOrphans lists, checking each storage index again under its lock (a file may have been stored since). */
export async function removeOrphans(deps: OrphanDeps): Promise<{ accounts: (ShareRemoval & { accountId: string; accountName: string })[]; problems: string[] }> {
  const { accounts: found, problems } = await findOrphans(deps);
  const byId = new Map((await deps.servers()).filter(canCollectLeases).map((s) => [s.serverId, s]));
  const out: (ShareRemoval & { accountId: string; accountName: string })[] = [];
  for (const account of found) {
    const server = byId.get(account.accountId);
    const removed = { accountId: account.accountId, accountName: account.accountName, removedShares: 0, removedBytes: 0 };
    for (const si of account.storageIndexes) {
      await deps.holds.exclusive(si, async () => {
        if (!server || deps.references.isReferenced(si) || deps.holds.isHeld(si)) return;
        try {
          addRemovals(removed, await server.removeUnleasedShares(base32Decode(si)));
        } catch (error) {
          problems.push(`"${account.accountName}": ${describeError(error)}`);
        }
      });
    }
    out.push(removed);
  }
  return { accounts: out, problems };
}
