/**
 * Where a new upload would put its shares on these accounts, by the very
 * functions uploads use (engine/grid/placement-plan.ts): failure domains take
 * turns (spreadOverDomains), then planPlacement gives each share a place,
 * every account accepting. Previews, the encoding chart and recommendations
 * judge this placement, so what they promise is what uploads do. The
 * accounts are taken in the order given (uploads permute them per file;
 * every order has the same shape across domains).
 */
import { planPlacement, spreadOverDomains } from '../grid/placement-plan';
import type { AccountRisk, FilePlacement } from './types';

export function uploadPlacement(accounts: readonly Pick<AccountRisk, 'id' | 'domainId'>[], total: number): FilePlacement {
  const domainOf = new Map(accounts.map((account) => [account.id, account.domainId]));
  const candidates = spreadOverDomains(
    accounts.map((account) => ({ serverId: account.id, holds: new Set<number>(), writable: true })),
    (id) => domainOf.get(id),
  );
  const plan = planPlacement(total, candidates);
  const placement: Record<string, number[]> = {};
  for (const account of accounts) placement[account.id] = plan.toAllocate.get(account.id) ?? [];
  return placement;
}
