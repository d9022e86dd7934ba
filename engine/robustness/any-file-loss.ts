/**
 * The probability that at least one file is lost within a year. Files share
 * accounts and domains, so their losses are not independent: this sums the
 * probability of every combination of failed accounts and domains that loses
 * some file, by a depth-first walk over the units (domains first, then
 * accounts) that stops as soon as a branch is decided: already losing a file
 * (every completion of it does too), or unable to lose one even if every
 * undecided unit failed. All terms are non-negative products, so small
 * figures keep their digits. When the walk outgrows its budget (file evaluations) the sum of the
 * files' own loss probabilities (capped at 1) is returned instead, an upper
 * bound by the union bound.
 */
import type { AccountRisk, DomainRisk, EncodingShape, FilePlacement } from './types';

/** File evaluations the walk may make (each step checks every distinct placement, twice). */
export const DEFAULT_WALK_BUDGET = 20_000_000;

export interface JudgedPlacement {
  encoding: EncodingShape;
  placement: FilePlacement;
  annualLossProbability: number;
}

interface Unit {
  failureProbability: number;
  /** Accounts it takes down: itself, or every account of a domain. */
  accounts: string[];
}

export function anyFileLoss(
  accounts: readonly AccountRisk[],
  domains: readonly DomainRisk[],
  files: readonly JudgedPlacement[],
  walkBudget = DEFAULT_WALK_BUDGET,
): { probability: number; exact: boolean } {
  if (files.length === 0) return { probability: 0, exact: true };
  const unionBound = Math.min(1, files.reduce((sum, file) => sum + file.annualLossProbability, 0));
  if (files.length === 1) return { probability: files[0].annualLossProbability, exact: true };

  const configured = new Set(accounts.map((account) => account.id));
  const held = new Set(files.flatMap((file) => Object.keys(file.placement).filter((id) => configured.has(id) && file.placement[id].length > 0)));
  const units: Unit[] = [];
  for (const domain of domains) {
    const members = accounts.filter((account) => account.domainId === domain.id && held.has(account.id)).map((account) => account.id);
    if (members.length > 0) units.push({ failureProbability: domain.lossProbability, accounts: members });
  }
  for (const account of accounts) if (held.has(account.id)) units.push({ failureProbability: account.lossProbability, accounts: [account.id] });

  const losesSome = (down: ReadonlyMap<string, number>): boolean => files.some((file) => survivingShares(file, down, configured) < file.encoding.needed);
  const down = new Map<string, number>();
  const setDown = (unit: Unit, delta: number) => {
    for (const id of unit.accounts) {
      const count = (down.get(id) ?? 0) + delta;
      if (count === 0) down.delete(id);
      else down.set(id, count);
    }
  };

  let budget = walkBudget;
  let total = 0;
  let exhausted = false;
  const walk = (next: number, probability: number): void => {
    if (exhausted || probability === 0) return;
    budget -= 2 * files.length;
    if (budget < 0) {
      exhausted = true;
      return;
    }
    if (losesSome(down)) {
      total += probability;
      return;
    }
    if (next === units.length) return;
    // Could the undecided units still lose a file? If not, this branch adds nothing.
    for (let rest = next; rest < units.length; rest++) setDown(units[rest], 1);
    const couldLose = losesSome(down);
    for (let rest = next; rest < units.length; rest++) setDown(units[rest], -1);
    if (!couldLose) return;
    const unit = units[next];
    setDown(unit, 1);
    walk(next + 1, probability * unit.failureProbability);
    setDown(unit, -1);
    walk(next + 1, probability * (1 - unit.failureProbability));
  };
  walk(0, 1);
  if (exhausted) return { probability: unionBound, exact: false };
  // The exact figure is never below the worst file's; guard against the last bit of rounding.
  return { probability: files.reduce((highest, file) => Math.max(highest, file.annualLossProbability), total), exact: true };
}

function survivingShares(file: JudgedPlacement, down: ReadonlyMap<string, number>, configured: ReadonlySet<string>): number {
  const shares = new Set<number>();
  for (const [accountId, held] of Object.entries(file.placement)) {
    if (!configured.has(accountId) || down.has(accountId)) continue;
    for (const share of held) shares.add(share);
  }
  return shares.size;
}
