/**
 * Room per account for the upload jobs: the provider's free space (from the
 * quota book, refreshed at most every few minutes) and the user's own limit
 * for RAIC (less what the catalog says RAIC stores there, as the account
 * holds it: a local folder's shares with their embedded-lease trailers),
 * whichever is smaller. Unknown when neither is known.
 */
import type { UploadSpace } from '../files/transfers';
import type { Catalog } from '../catalog';
import type { AccountConfig } from '../grid-config';
import type { QuotaBook, QuotaSource } from './quota-book';

/** A listing or an upload waits this long for slow providers' figures, then goes on with what it has. */
export const QUOTA_WAIT_MS = 10_000;

/**
 * How long the catalog's bytes per account are reused for limits. Working
 * them out groups every placement, and an upload asks for each account of
 * each file: asked every time, uploads into limited accounts grew
 * quadratically with the files stored. Between two readings, the bytes this
 * process's uploads noted are added.
 */
export const STORED_BYTES_MAX_AGE_MS = 5_000;

export interface UploadSpaceDeps {
  quotas: QuotaBook;
  catalog: Catalog;
  accounts(): readonly AccountConfig[];
  sources(): readonly QuotaSource[];
  /** Bytes `shares` shares holding `bytes` in all take on the account (engine's storedBytesOfShares); default `bytes`. */
  storedBytesOfShares?(accountId: string, bytes: number, shares: number): number;
  now?(): number;
}

export function uploadSpace(deps: UploadSpaceDeps): UploadSpace {
  const now = deps.now ?? Date.now;
  let stored: { byAccount: ReturnType<Catalog['accountTotals']>; readAt: number } | undefined;
  const writtenSinceRead = new Map<string, number>();
  const storedBytes = (accountId: string): number => {
    const at = now();
    if (!stored || at - stored.readAt >= STORED_BYTES_MAX_AGE_MS || at < stored.readAt) {
      stored = { byAccount: deps.catalog.accountTotals(), readAt: at };
      writtenSinceRead.clear();
    }
    const catalogTotals = stored.byAccount.get(accountId);
    const fromCatalog = catalogTotals ? (deps.storedBytesOfShares?.(accountId, catalogTotals.bytes, catalogTotals.shares) ?? catalogTotals.bytes) : 0;
    return fromCatalog + (writtenSinceRead.get(accountId) ?? 0);
  };
  return {
    refresh: () => deps.quotas.freshAll(deps.sources(), QUOTA_WAIT_MS),
    roomOf(accountId) {
      const account = deps.accounts().find((a) => a.id === accountId);
      if (!account) return undefined;
      const free = deps.quotas.freeBytes(accountId);
      const underLimit = account.sizeLimitBytes ? Math.max(0, account.sizeLimitBytes - storedBytes(accountId)) : undefined;
      const known = [free, underLimit].filter((n): n is number => n !== undefined);
      return { name: account.name, roomBytes: known.length > 0 ? Math.min(...known) : undefined };
    },
    noteWritten: (accountId, bytes, shares) => {
      // As the account holds them (a local folder's trailers), like the catalog's figures above: the
      // room under a limit must not grow between two catalog reads by what the trailers took.
      const held = deps.storedBytesOfShares?.(accountId, bytes, shares) ?? bytes;
      deps.quotas.noteWritten(accountId, held);
      writtenSinceRead.set(accountId, (writtenSinceRead.get(accountId) ?? 0) + held);
    },
  };
}
