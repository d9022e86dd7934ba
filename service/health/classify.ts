/**
 * File health from where a file's good shares are: pure, no I/O.
 *
 * A file is encoded into `total` shares, any `needed` of which rebuild it, and
 * RAIC puts them on accounts (one storage server per cloud account). Health is
 * about accounts, because an account is what fails: a provider outage, expired
 * credentials or a closed account take every share on it at once.
 *
 *   unreadable  fewer than `needed` distinct good shares are reachable.
 *   at-risk     readable, but some single account holds shares whose loss
 *               would make it unreadable (tolerance 0).
 *   degraded    survives the loss of any one account (tolerance >= 1), but
 *               fewer than `total` distinct good shares exist, or happiness is
 *               below `happy`: repair would restore the margin upload gave it.
 *   healthy     everything else: all shares good and spread as `happy` asks.
 *
 * The order matters: a file whose shares are all present can still be at-risk
 * (3-of-3 on three accounts), and at-risk wins because it is the state a person
 * must act on.
 */
import { happinessOf } from '../../engine/grid';
import { smallestLosingSet } from './losing-set';

export type FileHealth = 'healthy' | 'degraded' | 'at-risk' | 'unreadable';

/** Worst first: the order health is ranked in when files are compared. */
export const HEALTH_BY_SEVERITY: readonly FileHealth[] = ['unreadable', 'at-risk', 'degraded', 'healthy'];

export interface ShareMap {
  /** Good (and reachable) share numbers per account id. */
  [accountId: string]: readonly number[];
}

export interface FileEncoding {
  needed: number;
  happy: number;
  total: number;
}

export interface FileHealthAssessment {
  health: FileHealth;
  distinctGoodShares: number;
  /** Maximum matching between accounts and distinct good shares (servers-of-happiness). */
  happiness: number;
  /**
   * The largest t such that losing ANY t of the accounts holding shares still
   * leaves at least `needed` distinct shares; -1 when already unreadable.
   */
  tolerance: number;
  /** A smallest set of accounts whose loss makes the file unreadable; empty when it already is. */
  weakestAccounts: string[];
}

/** Ranks health so callers can pick the worse of two: 0 is the worst. */
export function severityOf(health: FileHealth): number {
  return HEALTH_BY_SEVERITY.indexOf(health);
}

export function assessFile(encoding: FileEncoding, shares: ShareMap): FileHealthAssessment {
  checkEncoding(encoding);
  const holdings = goodHoldings(encoding.total, shares);
  const distinctGoodShares = new Set([...holdings.values()].flat()).size;
  const happiness = happinessOf(holdings);

  if (distinctGoodShares < encoding.needed) {
    return { health: 'unreadable', distinctGoodShares, happiness, tolerance: -1, weakestAccounts: [] };
  }
  // The file becomes unreadable once more than this many distinct shares are gone.
  const spareShares = distinctGoodShares - encoding.needed;
  const losingSet = smallestLosingSet(holdings, spareShares + 1);
  const health: FileHealth =
    losingSet.tolerance === 0
      ? 'at-risk'
      : distinctGoodShares < encoding.total || happiness < encoding.happy
        ? 'degraded'
        : 'healthy';
  return { health, distinctGoodShares, happiness, tolerance: losingSet.tolerance, weakestAccounts: losingSet.accounts };
}

/** Accounts with at least one valid share, each share once; numbers outside 0..total-1 are not shares of this file. */
function goodHoldings(total: number, shares: ShareMap): Map<string, number[]> {
  const holdings = new Map<string, number[]>();
  for (const [accountId, numbers] of Object.entries(shares)) {
    const valid = [...new Set(numbers)].filter((n) => Number.isInteger(n) && n >= 0 && n < total).sort((a, b) => a - b);
    if (valid.length > 0) holdings.set(accountId, valid);
  }
  return holdings;
}

function checkEncoding({ needed, happy, total }: FileEncoding): void {
  if (!Number.isInteger(needed) || needed < 1 || !Number.isInteger(total) || total < needed) {
    throw new RangeError(`file encoding ${needed}-of-${total} is invalid: needed must be at least 1 and at most total`);
  }
  if (!Number.isInteger(happy) || happy < 1) throw new RangeError(`servers of happiness ${happy} must be a positive integer`);
}
