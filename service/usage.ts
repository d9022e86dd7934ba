/**
 * Per-account usage: what RAIC stores there (measured on the backend by
 * service/gc, split by what the bytes are for; the catalog's figures where
 * an account cannot be listed), what the provider says about quota and free
 * space (from the quota book, which asks a provider at most every 10
 * minutes: service/quota/quota-book.ts), the user's limit, and the monthly
 * cost from the price table.
 */
import type { Usage } from '../shared/api';
import type { Capacity } from '../engine/backends';
import { retainedAccountTotals, retainedTotals, type Catalog } from './catalog';
import type { AccountConfig, GridConfig } from './grid-config';
import { priceKeyOf } from './accounts/backend-settings';
import { priceOf } from './pricing';
import type { MeasuredAccountUsage } from './gc/measured-usage';

export interface UsageDeps {
  config: GridConfig;
  catalog: Catalog;
  /** Quota and free space; the caller caches (the quota book), so this is asked on every build. */
  capacity(account: AccountConfig): Promise<Partial<Capacity>>;
  /**
   * Bytes as measured on each backend (service/gc/measured-usage.ts). When an
   * account has them, they are what it stores and what its cost is computed
   * from; the catalog's figures stand in for accounts that cannot be listed.
   */
  measured?(): Promise<{ accounts: ReadonlyMap<string, MeasuredAccountUsage>; problems: string[] }>;
}

export async function buildUsage(deps: UsageDeps): Promise<Usage> {
  const totalsByAccount = deps.catalog.accountTotals();
  // Previous versions and the trash hold shares too: counted in what is stored, and shown apart.
  const retainedByAccount = retainedAccountTotals(deps.catalog);
  // Bytes as measured on the backends (service/gc), where an account could be listed: what the provider bills.
  const measured = deps.measured ? await deps.measured() : undefined;
  const accounts = await Promise.all(
    deps.config.accounts.map(async (account) => {
      const live = totalsByAccount.get(account.id) ?? { files: 0, shares: 0, bytes: 0 };
      const retained = retainedByAccount.get(account.id) ?? { versionShares: 0, versionBytes: 0, trashShares: 0, trashBytes: 0 };
      const catalogTotals = { files: live.files, shares: live.shares + retained.versionShares + retained.trashShares, bytes: live.bytes + retained.versionBytes + retained.trashBytes };
      const onBackend = measured?.accounts.get(account.id);
      const totals = onBackend ? { ...catalogTotals, bytes: onBackend.total } : catalogTotals;
      const price = priceOf(account, deps.config.prices);
      let capacity: Partial<Capacity> = {};
      let capacityProblem: string | undefined;
      if (account.enabled) {
        try {
          capacity = await deps.capacity(account);
        } catch (error) {
          capacityProblem = error instanceof Error ? error.message : String(error);
        }
      }
      return {
        id: account.id,
        name: account.name,
        priceKey: priceKeyOf(account),
        bytesStored: totals.bytes,
        shareCount: totals.shares,
        fileCount: totals.files,
        versionBytes: retained.versionBytes,
        trashBytes: retained.trashBytes,
        ...(capacity.quotaBytes !== undefined ? { quotaBytes: capacity.quotaBytes } : {}),
        ...(capacity.freeBytes !== undefined ? { freeBytes: capacity.freeBytes } : {}),
        ...(account.sizeLimitBytes ? { sizeLimitBytes: account.sizeLimitBytes } : {}),
        monthlyCost: (totals.bytes / 1e9) * price.storagePerGBMonth,
        currency: price.currency,
        ...(capacityProblem ? { capacityProblem } : {}),
        ...(onBackend ? { measured: measuredFigures(onBackend) } : {}),
      };
    }),
  );
  const fileBytes = deps.catalog.totals().bytes;
  const bytesStored = accounts.reduce((sum, a) => sum + a.bytesStored, 0);
  const retainedFiles = retainedTotals(deps.catalog);
  const liveBytesStored = bytesStored - accounts.reduce((sum, a) => sum + a.versionBytes + a.trashBytes, 0);
  const currencies = new Set(accounts.filter((a) => a.monthlyCost > 0).map((a) => a.currency));
  return {
    accounts,
    totals: {
      fileBytes,
      bytesStored,
      versionFileBytes: retainedFiles.versionBytes,
      trashFileBytes: retainedFiles.trashBytes,
      versionBytesStored: accounts.reduce((sum, a) => sum + a.versionBytes, 0),
      trashBytesStored: accounts.reduce((sum, a) => sum + a.trashBytes, 0),
      monthlyCost: accounts.reduce((sum, a) => sum + a.monthlyCost, 0),
      // Mixed currencies are summed as they are; the UI shows per-account figures then.
      currency: currencies.size === 1 ? [...currencies][0]! : currencies.size === 0 ? 'USD' : 'mixed',
      overhead: fileBytes > 0 ? liveBytesStored / fileBytes : deps.config.encoding.total / deps.config.encoding.needed,
    },
    prices: deps.config.prices,
    ...(measured && measured.problems.length > 0 ? { measureProblems: measured.problems } : {}),
  };
}

function measuredFigures(usage: MeasuredAccountUsage): NonNullable<Usage['accounts'][number]['measured']> {
  return { ...usage.bytes, total: usage.total, shareCount: usage.shareCount, measuredAt: usage.measuredAt };
}
