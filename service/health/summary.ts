/**
 * The one line a person reads about a file's health, e.g.
 *   5 of 5 shares on 5 accounts; survives the loss of any 2 accounts
 *   5 of 7 shares on 7 accounts; survives any 1 failure at once (an account, or a whole disk or login)
 *   5 of 5 shares on 5 accounts; survives the loss of any 2 accounts, but not one disk or login failing
 *   3 of 5 shares on 3 accounts: account "Backup" is offline; at risk: losing account "Work" would make it unreadable; repair needed
 *   2 of 5 shares on 2 accounts: 3 corrupt shares found (all have only bad blocks, the rest still readable); survives the loss of any 1 account; repair needed
 * It says what is wrong first (offline accounts, corrupt shares and how many
 * of them are bad only in some blocks), then what that means for the file,
 * then what to do.
 */
import type { FileHealthAssessment } from './classify';

export interface SummaryFacts {
  assessment: FileHealthAssessment;
  needed: number;
  total: number;
  /** Account id -> account name, for every account the summary may mention. */
  accountNames: ReadonlyMap<string, string>;
  accountsHoldingShares: number;
  offlineAccounts: readonly string[];
  corruptShares: number;
  /** How many of the corrupt shares are bad only in some blocks (their other blocks still serve). */
  sharesWithBadBlocks?: number;
  repaired: boolean;
  repairError?: string;
  /** Shares moved to a disk or login the file had none on (engine/grid/rebalance.ts). */
  sharesMoved?: number;
  /**
   * Failures (an account, or a whole disk or login) the file survives, when
   * some accounts holding its shares share a disk or login
   * (domain-tolerance.ts); absent when each holder is independent.
   */
  failureTolerance?: number;
}

export const LITERAL_SUMMARY = 'stored inside its cap: no shares to lose';

export function summarizeHealth(facts: SummaryFacts): string {
  const { assessment, needed, total } = facts;
  const problems = [
    ...(facts.offlineAccounts.length > 0 ? [`${accountList(facts.offlineAccounts, facts.accountNames)} ${facts.offlineAccounts.length === 1 ? 'is' : 'are'} offline`] : []),
    ...(facts.corruptShares > 0 ? [`${plural(facts.corruptShares, 'corrupt share')} found${badBlocksNote(facts)}`] : []),
  ];
  const where = `${assessment.distinctGoodShares} of ${total} shares on ${plural(facts.accountsHoldingShares, 'account')}`;
  const head = problems.length > 0 ? `${where}: ${problems.join('; ')}` : where;
  return [head, consequence(facts, needed), ...nextStep(facts)].join('; ');
}

function badBlocksNote({ corruptShares, sharesWithBadBlocks = 0 }: SummaryFacts): string {
  if (sharesWithBadBlocks === 0) return '';
  const which = sharesWithBadBlocks === corruptShares ? (corruptShares === 1 ? 'it has' : 'all have') : `${sharesWithBadBlocks} have`;
  return ` (${which} only bad blocks, the rest still readable)`;
}

function consequence({ assessment, accountNames, failureTolerance }: SummaryFacts, needed: number): string {
  switch (assessment.health) {
    case 'unreadable':
      if (assessment.blockDamage) {
        const fewest = assessment.blockDamage.fewestGoodBlocks;
        return `unreadable: a segment has good blocks in only ${plural(fewest, 'share')}, and ${needed} are needed`;
      }
      return `unreadable: ${needed} are needed, so ${plural(needed - assessment.distinctGoodShares, 'more share')} must come back`;
    case 'at-risk':
      return `at risk: losing ${accountList(assessment.weakestAccounts, accountNames)} would make it unreadable`;
    default:
      if (failureTolerance === undefined || failureTolerance >= assessment.tolerance) return `survives the loss of any ${plural(assessment.tolerance, 'account')}`;
      if (failureTolerance <= 0) return `survives the loss of any ${plural(assessment.tolerance, 'account')}, but not one disk or login failing`;
      return `survives any ${plural(failureTolerance, 'failure')} at once (an account, or a whole disk or login)`;
  }
}

function nextStep({ assessment, repaired, repairError, sharesMoved = 0 }: SummaryFacts): string[] {
  // Repair cannot help an unreadable file (it needs `needed` shares to rebuild from), so say what can.
  if (assessment.health === 'unreadable') return ['bring the offline accounts back online or restore the missing shares'];
  if (repairError) return [repairError];
  const moved = sharesMoved > 0 ? [`moved ${plural(sharesMoved, 'share')} to a disk or login it had none on`] : [];
  if (repaired || moved.length > 0) return [...(repaired ? ['repaired'] : []), ...moved];
  if (assessment.health === 'healthy') return [];
  return ['repair needed'];
}

function accountList(ids: readonly string[], names: ReadonlyMap<string, string>): string {
  const quoted = ids.map((id) => `"${names.get(id) ?? id}"`);
  return `${ids.length === 1 ? 'account' : 'accounts'} ${quoted.join(', ')}`;
}

function plural(count: number, noun: string): string {
  return `${count} ${noun}${count === 1 ? '' : 's'}`;
}
