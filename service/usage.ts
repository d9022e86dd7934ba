/**
 * Per-account usage: what RAIC stores there (from the catalog, so it costs no
 * listing of a cloud bucket), what the provider says about quota and free
 * space (asked at most every few minutes), the user's limit, and the monthly
 * cost from the price table.
 */
import type { Usage } from '../shared/api';
import type { Capacity } from '../engine/backends';
import { retainedAccountTotals, retainedTotals, type Catalog } from './catalog';
import type { AccountConfig, GridConfig } from './grid-config';
import { priceKeyOf } from './accounts/backend-settings';
import { priceOf } from './pricing';

const CAPACITY_TTL_MS = 5 * 60_000;
const capacityCache = new Map<string, { at: number; value: Partial<Capacity> }>();

export async function buildUsage(deps: {
  config: GridConfig;
  catalog: Catalog;
  capacity(account: AccountConfig): Promise<Partial<Capacity>>;
  now?: () => number;
}): Promise<Usage> {
  const now = deps.now?.() ?? Date.now();
  const totalsByAccount = deps.catalog.accountTotals();
  // Previous versions and the trash hold shares too: counted in what is stored, and shown apart.
  const retainedByAccount = retainedAccountTotals(deps.catalog);
  const accounts = await Promise.all(
    deps.config.accounts.map(async (account) => {
      const live = totalsByAccount.get(account.id) ?? { files: 0, shares: 0, bytes: 0 };
      const retained = retainedByAccount.get(account.id) ?? { versionShares: 0, versionBytes: 0, trashShares: 0, trashBytes: 0 };
      const totals = { files: live.files, shares: live.shares + retained.versionShares + retained.trashShares, bytes: live.bytes + retained.versionBytes + retained.trashBytes };
      const price = priceOf(account, deps.config.prices);
      let capacity: Partial<Capacity> = {};
      let capacityProblem: string | undefined;
      const cached = capacityCache.get(account.id);
      if (cached && now - cached.at < CAPACITY_TTL_MS) capacity = cached.value;
      else if (account.enabled) {
        try {
          capacity = await deps.capacity(account);
          capacityCache.set(account.id, { at: now, value: capacity });
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
  };
}
