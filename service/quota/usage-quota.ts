/**
 * The quota figures the usage report and the account summaries show, from
 * the quota book (so showing them never asks a provider more often than
 * placement does, and never lists RAIC's objects).
 */
import type { AccountSummary } from '../../shared/api';
import type { Capacity } from '../../engine/backends';
import type { OpenedAccounts } from '../accounts/accounts-service';
import type { AccountConfig } from '../grid-config';
import type { QuotaBook } from './quota-book';

/** For buildUsage: an account's quota and free space, asking its provider only when the book's figures are stale. */
export function quotaCapacity(quotas: QuotaBook, opened: () => OpenedAccounts): (account: AccountConfig) => Promise<Partial<Capacity>> {
  return async (account) => {
    const { runtimes, unopened } = opened();
    const runtime = runtimes.find((r) => r.account.id === account.id);
    if (!runtime) throw new Error(unopened.find((u) => u.account.id === account.id)?.problem ?? 'the account is disabled');
    const reading = await quotas.fresh(runtime);
    const freeBytes = quotas.freeBytes(account.id);
    if (reading.problem && reading.quota.totalBytes === undefined && freeBytes === undefined) throw new Error(reading.problem);
    return {
      ...(reading.quota.totalBytes !== undefined ? { quotaBytes: reading.quota.totalBytes } : {}),
      ...(freeBytes !== undefined ? { freeBytes } : {}),
    };
  };
}

/** The account card's figures, as last read (no provider is asked here). */
export function spaceSummary(quotas: QuotaBook, accountId: string): AccountSummary['space'] {
  const reading = quotas.current(accountId);
  if (!reading) return undefined;
  const freeBytes = quotas.freeBytes(accountId);
  return {
    ...(reading.quota.totalBytes !== undefined ? { totalBytes: reading.quota.totalBytes } : {}),
    ...(freeBytes !== undefined ? { freeBytes } : {}),
    checkedAt: reading.checkedAt,
    ...(reading.problem ? { problem: reading.problem } : {}),
  };
}
