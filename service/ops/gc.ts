/** `raic gc` and the orphan sweep: give space back now (service/gc). */
import type { ServiceContext } from '../service-context';
import type { OperationHandlers } from './handlers';

export function gcOperations(ctx: ServiceContext): OperationHandlers<'runGc' | 'findOrphans'> {
  return {
    async runGc(input) {
      const report = await ctx.gc.collect();
      if (!input.removeOrphans) return report;
      const orphans = await ctx.gc.removeOrphans();
      return { ...report, orphansRemoved: orphans.accounts, problems: [...report.problems, ...orphans.problems] };
    },
    findOrphans: () => ctx.gc.findOrphans(),
  };
}
