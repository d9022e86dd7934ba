/** Storage used per account (from the catalog, plus the provider's quota), its history, and the price table. */
import type { ServiceContext } from '../service-context';
import { buildUsage } from '../usage';
import { quotaCapacity } from '../quota/usage-quota';
import type { OperationHandlers } from './handlers';

export function usageOperations(ctx: ServiceContext): OperationHandlers<'getUsage' | 'getUsageHistory' | 'setPrices'> {
  return {
    getUsage: () =>
      buildUsage({
        config: ctx.config,
        catalog: ctx.catalog,
        // The provider's quota and free space from the quota book (asked every few minutes at most, shared with placement).
        capacity: quotaCapacity(ctx.quotas, () => ctx.opened),
        measured: () => ctx.gc.usage.current(),
      }),
    getUsageHistory: async (input) => ctx.usageHistory.samples(input.days ?? 30),
    async setPrices(input) {
      await ctx.saveConfig({ ...ctx.config, prices: input.prices });
      return ctx.config.prices;
    },
  };
}
