/**
 * Turns a placement into the list the probability code works on: one entry
 * per account that holds at least one share, with the chance that the
 * account's shares are gone (lost, or unreachable, depending on the question).
 */
import type { AccountRisk, EncodingShape, FilePlacement } from './types';

export interface Holder {
  accountId: string;
  /** Probability that this account's shares are all gone for the question asked. */
  failureProbability: number;
  /** Distinct share numbers, ascending. */
  shares: readonly number[];
}

export function checkProbability(value: number, what: string): void {
  if (!(value >= 0 && value <= 1)) throw new RangeError(`${what} must be a probability between 0 and 1, got ${value}`);
}

export function checkEncoding(encoding: EncodingShape): void {
  const { needed, happy, total } = encoding;
  if (!Number.isInteger(total) || total < 1) throw new RangeError(`total shares must be a positive integer, got ${total}`);
  if (!Number.isInteger(needed) || needed < 1 || needed > total) throw new RangeError(`needed shares must be an integer between 1 and ${total}, got ${needed}`);
  if (!Number.isInteger(happy) || happy < 1 || happy > total) throw new RangeError(`happy must be an integer between 1 and ${total}, got ${happy}`);
}

/**
 * Accounts named by the placement but missing from `accounts` are skipped:
 * an account that is no longer configured cannot serve its shares, so
 * counting them as absent is the honest reading.
 */
export function holdersOf(
  accounts: readonly AccountRisk[],
  placement: FilePlacement,
  total: number,
  failureOf: (account: AccountRisk) => number,
): Holder[] {
  const holders: Holder[] = [];
  for (const account of accounts) {
    const listed = placement[account.id];
    if (!listed || listed.length === 0) continue;
    for (const share of listed) {
      if (!Number.isInteger(share) || share < 0 || share >= total) throw new RangeError(`share number ${share} on account ${account.id} is outside 0..${total - 1}`);
    }
    const failureProbability = failureOf(account);
    checkProbability(failureProbability, `failure probability of account ${account.id}`);
    holders.push({ accountId: account.id, failureProbability, shares: [...new Set(listed)].sort((a, b) => a - b) });
  }
  return holders;
}

export function distinctShareCount(holders: readonly Holder[]): number {
  return new Set(holders.flatMap((holder) => holder.shares)).size;
}

/** True when no share number is held by two accounts: the cheap exact method applies. */
export function sharesAreDisjoint(holders: readonly Holder[]): boolean {
  const seen = new Set<number>();
  for (const holder of holders) {
    for (const share of holder.shares) {
      if (seen.has(share)) return false;
      seen.add(share);
    }
  }
  return true;
}
