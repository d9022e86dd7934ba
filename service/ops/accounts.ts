/**
 * Accounts: add (connection test first), test, edit, enable/disable, and
 * removal with a plan of what it costs and an option to move the shares off
 * first. The sentences the user reads about removal are written here.
 */
import { ApiError, type RemovalPlan } from '../../shared/api';
import type { ServiceContext } from '../service-context';
import { assessFile } from '../health/classify';
import { checkGridFile } from '../health/file-check';
import { sharesByAccountOf } from '../summaries';
import type { OperationHandlers } from './handlers';
import { releaseOnAccount } from '../gc/release';

type AccountOperations = 'addAccount' | 'testAccount' | 'editAccount' | 'setAccountEnabled' | 'planAccountRemoval' | 'removeAccount';

export function accountOperations(ctx: ServiceContext): OperationHandlers<AccountOperations> {
  const planRemoval = async (input: { id: string }): Promise<RemovalPlan> => removalPlan(ctx, input.id);
  return {
    async addAccount(input) {
      const account = await ctx.accounts.add(input);
      await ctx.accountsChanged();
      return ctx.summarize(account);
    },
    testAccount: (input) => ctx.accounts.test(input),
    async editAccount(input) {
      const account = await ctx.accounts.edit(input);
      await ctx.accountsChanged();
      return ctx.summarize(account);
    },
    async setAccountEnabled(input) {
      const account = await ctx.accounts.setEnabled(input.id, input.enabled);
      await ctx.accountsChanged();
      return ctx.summarize(account);
    },
    planAccountRemoval: planRemoval,
    async removeAccount(input) {
      const plan = await planRemoval(input);
      let filesMoved = 0;
      if (plan.filesWithShares > 0 && !input.moveShares && !input.force) {
        throw new ApiError('conflict', `${plan.message} Choose to move the shares first, or remove it anyway.`);
      }
      if (plan.filesWithShares > 0 && input.moveShares) filesMoved = await moveSharesOff(ctx, plan);
      await ctx.accounts.remove(input.id);
      for (const file of ctx.catalog.filesOnAccount(input.id)) {
        ctx.catalog.setPlacements(file.id, file.placements.filter((p) => p.accountId !== input.id));
      }
      await ctx.accountsChanged();
      return { removed: true, filesMoved };
    },
  };
}

/** Which files lose shares if the account goes, and which would become unreadable. */
function removalPlan(ctx: ServiceContext, accountId: string): RemovalPlan {
  const account = ctx.accounts.find(accountId);
  const files = ctx.catalog.filesOnAccount(account.id);
  const others = ctx.config.accounts.filter((a) => a.enabled && a.id !== account.id).length;
  const planned = files.map((file) => {
    const shares = sharesByAccountOf(file);
    const held = shares[account.id]?.length ?? 0;
    delete shares[account.id];
    return { path: file.path, shares: held, healthAfter: assessFile(file.encoding, shares).health };
  });
  const unreadable = planned.filter((f) => f.healthAfter === 'unreadable').length;
  const happy = ctx.config.encoding.happy;
  const canMove = others >= happy;
  const sharesHeld = planned.reduce((sum, f) => sum + f.shares, 0);
  const message =
    files.length === 0
      ? `"${account.name}" holds no shares of your files; removing it loses nothing.`
      : `"${account.name}" holds ${sharesHeld} shares of ${files.length} files` +
        (unreadable > 0 ? `; ${unreadable} of them would become unreadable without it.` : '; they stay readable from your other accounts, with less protection.') +
        (canMove ? ' RAIC can move its shares onto your other accounts first.' : ` Moving them needs at least ${happy} other enabled accounts; add one first.`);
  return { accountId: account.id, accountName: account.name, filesWithShares: files.length, sharesHeld, filesUnreadableAfter: unreadable, files: planned.slice(0, 200), canMove, message };
}

/** Disables the account, then repairs each of its files onto the others; re-enables it if any file cannot be moved. */
async function moveSharesOff(ctx: ServiceContext, plan: RemovalPlan): Promise<number> {
  if (!plan.canMove) throw new ApiError('conflict', plan.message);
  const accountId = plan.accountId;
  await ctx.accounts.setEnabled(accountId, false);
  await ctx.refreshAccounts();
  const grid = await ctx.openGrid();
  const failed: string[] = [];
  let moved = 0;
  const movedIndexes: string[] = [];
  for (const file of ctx.catalog.filesOnAccount(accountId)) {
    if (file.storageIndex) movedIndexes.push(file.storageIndex);
    const result = await checkGridFile(grid.servers, file.cap, file.encoding, { repair: true, leaseSecret: grid.leaseSecret, domainOf: grid.domainOf });
    ctx.recordFileCheck(file.id, result, Date.now());
    if (result.assessment.health === 'healthy' || result.assessment.health === 'degraded') moved++;
    else failed.push(`${file.path} (${result.summary})`);
  }
  if (failed.length > 0) {
    await ctx.accounts.setEnabled(accountId, true);
    await ctx.refreshAccounts();
    throw new ApiError('conflict', `Could not move the shares of ${failed.length} files, so the account was kept: ${failed.slice(0, 5).join('; ')}.`);
  }
  await releaseMovedShares(ctx, accountId, movedIndexes);
  return moved;
}

/** The moved files' old shares on the account being removed are given back there (service/gc); failing that, they stay for the provider to hold. */
async function releaseMovedShares(ctx: ServiceContext, accountId: string, storageIndexes: readonly string[]): Promise<void> {
  const account = ctx.config.accounts.find((a) => a.id === accountId);
  if (!account || storageIndexes.length === 0) return;
  try {
    const runtime = await ctx.accounts.open(account);
    const freed = await releaseOnAccount(runtime.server, (await ctx.openGrid()).leaseSecret, storageIndexes);
    ctx.log(`raic: gave back ${freed.removedBytes} bytes (${freed.removedShares} shares) on "${account.name}" after moving its shares`);
  } catch (error) {
    ctx.log(`raic: the old shares on "${account.name}" could not be released: ${String(error)}`);
  }
}
