/** Builds the grid's GridGc over a service context: its servers and lease secret as the grid is opened at each use. */
import type { ServiceContext } from '../service-context';
import { GridGc } from './index';

export function createGridGc(ctx: ServiceContext): GridGc {
  return new GridGc({
    dataDir: ctx.dataDir,
    catalog: ctx.catalog,
    servers: async () => (await ctx.openGrid()).servers,
    leaseSecret: async () => (await ctx.openGrid()).leaseSecret,
    log: ctx.log,
  });
}
