/**
 * Renewing this grid's leases on everything it still references, as a
 * Tahoe-LAFS client does: add-or-renew (addLease) on each account that
 * holds shares of the storage index, so shares stored before leases existed
 * get one too. Runs in small batches with progress, awaiting between them,
 * so uploads (which take a server's lock for one storage index at a time)
 * are never held up for long. The monitor runs it when less than half the
 * lease term is left since the last complete renewal (renewalDue).
 */
import { base32Decode } from '../../engine/chk/base32';
import { describeError } from '../../engine/grid';
import { bucketSecrets } from '../../engine/grid/secrets';
import { StorageIndexNotFoundError, type StorageServer } from '../../engine/storage/types';
import type { StorageIndexReference } from './references';

/** Tahoe-LAFS's lease term, which both of RAIC's storage servers use. */
export const LEASE_TERM_MS = 31 * 24 * 60 * 60 * 1000;
/** Renew when less than half the term is left since the last complete renewal. */
export const RENEW_AFTER_MS = LEASE_TERM_MS / 2;
const DEFAULT_BATCH = 32;

export interface RenewalProgress {
  done: number;
  total: number;
}

export interface RenewalReport {
  storageIndexes: number;
  /** (storage index, account) pairs renewed. */
  renewed: number;
  /** Accounts asked that held no share of it (nothing to renew there). */
  absent: number;
  problems: string[];
  interrupted: boolean;
}

export interface RenewalOptions {
  batchSize?: number;
  signal?: AbortSignal;
  onProgress?(progress: RenewalProgress): void;
}

export function renewalDue(lastCompletedAt: number | null, now: number): boolean {
  return lastCompletedAt === null || now - lastCompletedAt >= RENEW_AFTER_MS;
}

export async function renewLeases(
  servers: readonly StorageServer[],
  leaseSecret: Uint8Array,
  references: ReadonlyMap<string, readonly StorageIndexReference[]>,
  options: RenewalOptions = {},
): Promise<RenewalReport> {
  const report: RenewalReport = { storageIndexes: references.size, renewed: 0, absent: 0, problems: [], interrupted: false };
  const entries = [...references];
  const batchSize = options.batchSize ?? DEFAULT_BATCH;
  const byId = new Map(servers.map((s) => [s.serverId, s]));
  for (let start = 0; start < entries.length; start += batchSize) {
    if (options.signal?.aborted) {
      report.interrupted = true;
      break;
    }
    await Promise.all(
      entries.slice(start, start + batchSize).map(async ([si, refs]) => {
        const known = new Set(refs.flatMap((r) => r.placements.map((p) => p.accountId)));
        // With no placement known (catalog backups), every account is asked.
        const targets = known.size > 0 ? [...known].map((id) => byId.get(id)).filter((s): s is StorageServer => s !== undefined) : [...servers];
        const storageIndex = base32Decode(si);
        for (const server of targets) {
          if (!server.addLease) continue;
          const { renewSecret, cancelSecret } = bucketSecrets(leaseSecret, storageIndex, server.serverId);
          try {
            await server.addLease(storageIndex, renewSecret, cancelSecret);
            report.renewed++;
          } catch (error) {
            if (error instanceof StorageIndexNotFoundError) report.absent++;
            else report.problems.push(`"${server.nickname}": ${describeError(error)}`);
          }
        }
      }),
    );
    options.onProgress?.({ done: Math.min(entries.length, start + batchSize), total: entries.length });
    await new Promise((resolve) => setImmediate(resolve));
  }
  return report;
}
