/**
 * Accounts: add (connection test first), test, edit, enable/disable, and
 * removal with a plan of what it costs and an option to move the shares off
 * first. The sentences the user reads about removal are written here.
 */
import { ApiError, type RemovalPlan } from '../../shared/api';
import type { ServiceContext } from '../service-context';
import { assessFile } from '../health/classify';
import { checkGridFile, type FileCheckResult } from '../health/file-check';
import { dropRetainedPlacementsOn, retainedOnAccount, setRetainedPlacements, type RetainedFile, type SharePlacement } from '../catalog';
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
      const holdsRetained = retainedOnAccount(ctx.catalog, input.id).length > 0;
      if ((plan.filesWithShares > 0 || holdsRetained) && input.moveShares) filesMoved = await moveSharesOff(ctx, plan);
      await ctx.accounts.remove(input.id);
      for (const file of ctx.catalog.filesOnAccount(input.id)) {
        ctx.catalog.setPlacements(file.id, file.placements.filter((p) => p.accountId !== input.id));
      }
      dropRetainedPlacementsOn(ctx.catalog, input.id);
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
  const retained = retainedOnAccount(ctx.catalog, account.id).length;
  const alsoRetained = retained > 0 ? ` It also holds shares of ${retained} earlier versions or deleted files, which move with them.` : '';
  const message =
    files.length === 0 && retained === 0
      ? `"${account.name}" holds no shares of your files; removing it loses nothing.`
      : files.length === 0
        ? `"${account.name}" holds shares only of ${retained} earlier versions or deleted files.` + (canMove ? ' RAIC can move them onto your other accounts first.' : '')
      : `"${account.name}" holds ${sharesHeld} shares of ${files.length} files` +
        (unreadable > 0 ? `; ${unreadable} of them would become unreadable without it.` : '; they stay readable from your other accounts, with less protection.') +
        (canMove ? ' RAIC can move its shares onto your other accounts first.' : ` Moving them needs at least ${happy} other enabled accounts; add one first.`) +
        alsoRetained;
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
    if (readable(result)) moved++;
    else failed.push(`${file.path} (${result.summary})`);
  }
  // Earlier versions and the trash can still be restored, so their shares move too (one repair per content).
  const retained = new Map<string, RetainedFile>();
  for (const entry of retainedOnAccount(ctx.catalog, accountId)) if (entry.storageIndex && !retained.has(entry.storageIndex)) retained.set(entry.storageIndex, entry);
  for (const [storageIndex, entry] of retained) {
    const result = await checkGridFile(grid.servers, entry.cap, entry.encoding, { repair: true, leaseSecret: grid.leaseSecret, domainOf: grid.domainOf });
    if (!readable(result)) {
      failed.push(`${entry.path} (${entry.trashItem === null ? 'an earlier version' : 'in the trash'}: ${result.summary})`);
      continue;
    }
    if (!movedIndexes.includes(storageIndex)) movedIndexes.push(storageIndex);
    if (result.unreachableAccounts.length === 0 || result.repaired) setRetainedPlacements(ctx.catalog, storageIndex, placementsOf(result));
  }
  if (failed.length > 0) {
    await ctx.accounts.setEnabled(accountId, true);
    await ctx.refreshAccounts();
    throw new ApiError('conflict', `Could not move the shares of ${failed.length} files, so the account was kept: ${failed.slice(0, 5).join('; ')}.`);
  }
  await releaseMovedShares(ctx, accountId, movedIndexes);
  return moved;
}

function readable(result: FileCheckResult): boolean {
  return result.assessment.health === 'healthy' || result.assessment.health === 'degraded';
}

function placementsOf(result: FileCheckResult): SharePlacement[] {
  return Object.entries(result.sharesByAccount).flatMap(([accountId, shares]) => shares.map((shareNumber) => ({ accountId, shareNumber })));
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
