import type { FilePlacement } from './types';

/**
 * How RAIC would spread `total` shares over these accounts when every account
 * accepts: round-robin in the order given, so counts differ by at most one.
 * Accounts that get no share (total < accounts) are listed with none.
 */
export function idealPlacement(accountIds: readonly string[], total: number): FilePlacement {
  const placement: Record<string, number[]> = {};
  for (const id of accountIds) placement[id] = [];
  if (accountIds.length === 0) return placement;
  for (let share = 0; share < total; share++) placement[accountIds[share % accountIds.length]].push(share);
  return placement;
}
