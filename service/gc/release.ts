/**
 * Prompt release: when the grid lets go of files, their space comes back
 * now, not when their leases run out. For each storage index no catalog
 * entry references and no upload holds, this grid's lease is expired on
 * every account (by its cancel secret) and the shares whose last lease is
 * then expired are removed, in one step under each server's lock for the
 * storage index. Shares another client leases (a Tahoe-LAFS client through
 * the storage protocol, another RAIC) stay until that lease expires.
 *
 * The port other parts call is `ReleaseFiles`: the trash calls it when it
 * lets go of entries, version pruning when it drops versions, and the
 * permanent delete, re-encoding, account removal, failed uploads and the
 * catalog backup history call it for what they leave behind. Callers remove
 * the catalog entry first and release after: a crash in between leaves
 * shares that `raic gc` releases later, never a catalog entry without shares.
 */
import { base32Decode } from '../../engine/chk/base32';
import { bucketSecrets } from '../../engine/grid/secrets';
import { canCollectLeases, type ShareRemoval } from '../../engine/storage/lease-collection';
import type { StorageServer } from '../../engine/storage/types';
import { describeError } from '../../engine/grid';
import type { StorageIndexHolds } from './holds';
import type { ReferenceIndex } from './references';

/** What a released file is known by; a literal file (no storage index) needs nothing released. */
export interface ReleaseRef {
  storageIndex: string | null;
  /** For messages only. */
  path?: string;
}

export interface AccountRelease extends ShareRemoval {
  accountId: string;
  accountName: string;
}

export interface ReleaseReport {
  /** Storage indexes whose lease this grid gave up. */
  released: string[];
  /** Still referenced by another catalog entry (the same content elsewhere). */
  stillReferenced: string[];
  /** An upload of the same content is under way; it keeps the shares. */
  inUse: string[];
  perAccount: AccountRelease[];
  /** Accounts that could not be reached; their shares are released by a later `raic gc` or when the lease runs out. */
  problems: string[];
}

/** The port: give up the shares of these files (see the module comment). */
export type ReleaseFiles = (refs: readonly ReleaseRef[]) => Promise<ReleaseReport>;

export interface ReleaseDeps {
  servers(): Promise<readonly StorageServer[]>;
  leaseSecret(): Promise<Uint8Array>;
  references: ReferenceIndex;
  holds: StorageIndexHolds;
}

export function createReleaseFiles(deps: ReleaseDeps): ReleaseFiles {
  return async (refs) => {
    const report: ReleaseReport = { released: [], stillReferenced: [], inUse: [], perAccount: [], problems: [] };
    const storageIndexes = [...new Set(refs.map((r) => r.storageIndex).filter((si): si is string => Boolean(si)))];
    if (storageIndexes.length === 0) return report;
    const servers = (await deps.servers()).filter(canCollectLeases);
    const leaseSecret = await deps.leaseSecret();
    const perAccount = new Map<string, AccountRelease>(servers.map((s) => [s.serverId, { accountId: s.serverId, accountName: s.nickname, removedShares: 0, removedBytes: 0 }]));
    for (const si of storageIndexes) {
      await deps.holds.exclusive(si, async () => {
        // Checked under the storage index's lock: an upload taking a hold waits for this release to end.
        if (deps.references.isReferenced(si)) return void report.stillReferenced.push(si);
        if (deps.holds.isHeld(si)) return void report.inUse.push(si);
        const storageIndex = base32Decode(si);
        await Promise.all(
          servers.map(async (server) => {
            try {
              const { cancelSecret } = bucketSecrets(leaseSecret, storageIndex, server.serverId);
              const removal = await server.releaseLease(storageIndex, cancelSecret);
              const total = perAccount.get(server.serverId)!;
              total.removedShares += removal.removedShares;
              total.removedBytes += removal.removedBytes;
            } catch (error) {
              report.problems.push(`"${server.nickname}": ${describeError(error)}`);
            }
          }),
        );
        report.released.push(si);
      });
    }
    report.perAccount = [...perAccount.values()];
    return report;
  };
}

/**
 * Gives up this grid's lease on one account only, for files that stay listed
 * but no longer keep shares there (moved off an account being removed): the
 * shares there are removed unless another client leases them.
 */
export async function releaseOnAccount(server: StorageServer, leaseSecret: Uint8Array, storageIndexes: readonly string[]): Promise<ShareRemoval> {
  const total: ShareRemoval = { removedShares: 0, removedBytes: 0 };
  if (!canCollectLeases(server)) return total;
  for (const si of new Set(storageIndexes)) {
    const storageIndex = base32Decode(si);
    const removal = await server.releaseLease(storageIndex, bucketSecrets(leaseSecret, storageIndex, server.serverId).cancelSecret);
    total.removedShares += removal.removedShares;
    total.removedBytes += removal.removedBytes;
  }
  return total;
}
