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
 *
 * Shares with bad blocks (a verifying check found some blocks corrupt but the
 * rest of the share sound) still serve every other segment, so readability
 * and tolerance are judged segment by segment: the file is readable while
 * every segment has a good block in `needed` distinct shares, and its
 * tolerance is that of its weakest segment. Such shares are not good shares,
 * so the file is at best degraded until repair rewrites them.
 */
import { happinessOf } from '../../engine/grid';
import { smallestLosingSet, type LosingSet } from './losing-set';

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
  /** Present when some shares have bad blocks: how many, and the fewest good blocks any segment has. */
  blockDamage?: { sharesWithBadBlocks: number; fewestGoodBlocks: number };
}

/** A share copy corrupt only in some blocks: usable for every other segment. */
export interface DamagedCopy {
  accountId: string;
  shareNumber: number;
  /** Segments whose block in this copy is bad. */
  badSegments: readonly number[];
}

/** Ranks health so callers can pick the worse of two: 0 is the worst. */
export function severityOf(health: FileHealth): number {
  return HEALTH_BY_SEVERITY.indexOf(health);
}

export function assessFile(encoding: FileEncoding, shares: ShareMap, damaged: readonly DamagedCopy[] = []): FileHealthAssessment {
  checkEncoding(encoding);
  return assessSpread(encoding, shares) ?? assessBySearch(encoding, shares, damaged);
}

/**
 * The quick answer for the usual complete upload: each of the `total` shares
 * on an account of its own, and nothing else. All shares are there and
 * happiness is `total`; losing any t accounts loses exactly t shares, so the
 * smallest losing set is any `total - needed + 1` accounts (tolerance
 * `total - needed`), and assessBySearch's search, which tries sets in the
 * order the accounts come, returns the first ones: so do we, so the two
 * results are equal (tested), beyond EXACT_SEARCH_MAX_ACCOUNTS too (the
 * bounded search's greedy pick also takes them in order). Damaged copies
 * never matter here: every share number has a good copy.
 * Undefined for any other layout. `encoding` is valid (checkEncoding).
 */
export function assessSpread(encoding: FileEncoding, shares: ShareMap): FileHealthAssessment | undefined {
  const { needed, happy, total } = encoding;
  const accounts = Object.keys(shares);
  if (accounts.length !== total) return undefined;
  const seen = new Set<number>();
  for (const account of accounts) {
    const numbers = shares[account];
    if (numbers.length !== 1) return undefined;
    const [n] = numbers;
    if (!Number.isInteger(n) || n < 0 || n >= total || seen.has(n)) return undefined;
    seen.add(n);
  }
  const tolerance = total - needed;
  const health: FileHealth = tolerance === 0 ? 'at-risk' : total < happy ? 'degraded' : 'healthy';
  return { health, distinctGoodShares: total, happiness: total, tolerance, weakestAccounts: accounts.slice(0, tolerance + 1) };
}

/**
 * The full judgement, for any layout: the happiness matching and a search
 * for the smallest losing set, segment by segment when some shares have bad
 * blocks. assessFile uses it when assessSpread has no quick answer; exported
 * for the test that compares the two.
 */
export function assessBySearch(encoding: FileEncoding, shares: ShareMap, damaged: readonly DamagedCopy[] = []): FileHealthAssessment {
  const holdings = goodHoldings(encoding.total, shares);
  const distinctGoodShares = new Set([...holdings.values()].flat()).size;
  const happiness = happinessOf(holdings);
  // A damaged copy matters only while its share number has no good copy (after repair it adds nothing).
  const goodNumbers = new Set([...holdings.values()].flat());
  const usable = damaged.filter((d) => Number.isInteger(d.shareNumber) && d.shareNumber >= 0 && d.shareNumber < encoding.total && !goodNumbers.has(d.shareNumber));

  // One holdings map per distinct pattern of damage (segments without a bad block are all alike and never the weakest).
  const patterns = usable.length === 0 ? [holdings] : damagePatterns(holdings, usable);
  let fewestGoodBlocks = Infinity;
  let weakest: LosingSet | undefined;
  let readable = true;
  for (const pattern of patterns) {
    const distinct = new Set([...pattern.values()].flat()).size;
    fewestGoodBlocks = Math.min(fewestGoodBlocks, distinct);
    if (distinct < encoding.needed) {
      readable = false;
      break;
    }
    // The segment becomes unreadable once more than this many distinct shares are gone.
    const losingSet = smallestLosingSet(pattern, distinct - encoding.needed + 1);
    if (!weakest || losingSet.tolerance < weakest.tolerance) weakest = losingSet;
  }
  const blockDamage = usable.length > 0 ? { blockDamage: { sharesWithBadBlocks: usable.length, fewestGoodBlocks } } : {};

  if (!readable || !weakest) {
    return { health: 'unreadable', distinctGoodShares, happiness, tolerance: -1, weakestAccounts: [], ...blockDamage };
  }
  const losingSet = weakest;
  const health: FileHealth =
    losingSet.tolerance === 0
      ? 'at-risk'
      : distinctGoodShares < encoding.total || happiness < encoding.happy // a damaged copy's share number is never among the good ones
        ? 'degraded'
        : 'healthy';
  return { health, distinctGoodShares, happiness, tolerance: losingSet.tolerance, weakestAccounts: losingSet.accounts, ...blockDamage };
}

/**
 * The holdings each segment with a bad block sees: the good shares plus every
 * damaged copy whose block there is sound. Segments that lose the same copies
 * give the same holdings, so each pattern is listed once.
 */
function damagePatterns(holdings: ReadonlyMap<string, number[]>, damaged: readonly DamagedCopy[]): Map<string, number[]>[] {
  const badSegments = new Set(damaged.flatMap((d) => d.badSegments));
  const badSets = new Map(damaged.map((d) => [d, new Set(d.badSegments)]));
  const seen = new Set<string>();
  const patterns: Map<string, number[]>[] = [];
  const build = (lost: (copy: DamagedCopy) => boolean): void => {
    const key = damaged.map((d) => (lost(d) ? '1' : '0')).join('');
    if (seen.has(key)) return;
    seen.add(key);
    const pattern = new Map([...holdings].map(([account, numbers]) => [account, [...numbers]]));
    for (const copy of damaged) {
      if (lost(copy)) continue;
      const numbers = pattern.get(copy.accountId) ?? [];
      if (!numbers.includes(copy.shareNumber)) numbers.push(copy.shareNumber);
      pattern.set(copy.accountId, numbers);
    }
    patterns.push(pattern);
  };
  for (const segment of badSegments) build((copy) => badSets.get(copy)!.has(segment));
  if (patterns.length === 0) build(() => false);
  return patterns;
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
