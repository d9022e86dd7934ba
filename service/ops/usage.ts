/** Storage used per account (from the catalog, plus the provider's quota), its history, and the price table. */
import type { ServiceContext } from '../service-context';
import { buildUsage } from '../usage';
import type { OperationHandlers } from './handlers';

export function usageOperations(ctx: ServiceContext): OperationHandlers<'getUsage' | 'getUsageHistory' | 'setPrices'> {
  return {
    getUsage: () =>
      buildUsage({
        config: ctx.config,
        catalog: ctx.catalog,
        capacity: async (account) => {
          const runtime = ctx.opened.runtimes.find((r) => r.account.id === account.id);
          if (!runtime) throw new Error(ctx.opened.unopened.find((u) => u.account.id === account.id)?.problem ?? 'the account is disabled');
          return runtime.capacity();
        },
        measured: () => ctx.gc.usage.current(),
      }),
    getUsageHistory: async (input) => ctx.usageHistory.samples(input.days ?? 30),
    async setPrices(input) {
      await ctx.saveConfig({ ...ctx.config, prices: input.prices });
      return ctx.config.prices;
    },
  };
}
