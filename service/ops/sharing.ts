/** Sharing an account's storage with Tahoe-LAFS clients over the HTTP storage protocol (GBS). */
import { ApiError } from '../../shared/api';
import type { ServiceContext } from '../service-context';
import type { OperationHandlers } from './handlers';

export function sharingOperations(ctx: ServiceContext): OperationHandlers<'setAccountSharing'> {
  return {
    /** The server itself runs with RAIC's background work (see ServiceContext.syncSharing). */
    async setAccountSharing(input) {
      const account = ctx.accounts.find(input.id);
      if (account.provider === 'tahoe') throw new ApiError('invalid_input', 'This account is itself a Tahoe-LAFS server; only your own storage can be shared.');
      const sharing = { enabled: input.enabled, port: input.port ?? account.sharing?.port ?? 0, host: input.host ?? account.sharing?.host ?? '127.0.0.1' };
      await ctx.saveConfig({ ...ctx.config, accounts: ctx.config.accounts.map((a) => (a.id === account.id ? { ...a, sharing } : a)) });
      await ctx.syncSharing();
      return ctx.summarize(ctx.accounts.find(input.id));
    },
  };
}
