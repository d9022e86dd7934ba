/**
 * Signing in to a cloud in a browser: start (the link to open), finish (the
 * account saved, or signed in again) and cancel. The work is in
 * accounts/sign-in-sessions.ts.
 */
import type { ServiceContext } from '../service-context';
import type { OperationHandlers } from './handlers';

export function signInOperations(ctx: ServiceContext): OperationHandlers<'startSignIn' | 'finishSignIn' | 'cancelSignIn'> {
  return {
    startSignIn: (input) => ctx.signIns.start(input),
    async finishSignIn(input) {
      const account = await ctx.signIns.finish(input);
      await ctx.accountsChanged();
      return ctx.summarize(account);
    },
    cancelSignIn: async (input) => ({ cancelled: ctx.signIns.cancel(input.signInId) }),
  };
}
