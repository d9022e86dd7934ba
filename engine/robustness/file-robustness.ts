/**
 * Every figure for one file from its placement: tolerance, yearly loss
 * probability, availability and overhead.
 */
import { happinessOf } from '../grid/happiness';
import { checkEncoding, checkProbability, holdersOf, type Holder } from './holdings';
import { ninesOf } from '../../shared/nines';
import { probabilityOfTooFewShares } from './shortfall';
import { toleranceOf } from './tolerance';
import type { AccountRisk, EncodingShape, FilePlacement, FileRobustness } from './types';

export function lossHolders(accounts: readonly AccountRisk[], encoding: EncodingShape, placement: FilePlacement): Holder[] {
  return holdersOf(accounts, placement, encoding.total, (account) => account.lossProbability);
}

function outageHolders(accounts: readonly AccountRisk[], encoding: EncodingShape, placement: FilePlacement): Holder[] {
  return holdersOf(accounts, placement, encoding.total, (account) => {
    checkProbability(account.availability, `availability of account ${account.id}`);
    return 1 - account.availability;
  });
}

export function fileRobustness(accounts: readonly AccountRisk[], encoding: EncodingShape, placement: FilePlacement): FileRobustness {
  checkEncoding(encoding);
  const holders = lossHolders(accounts, encoding, placement);
  const loss = probabilityOfTooFewShares(holders, encoding.needed);
  const outage = probabilityOfTooFewShares(outageHolders(accounts, encoding, placement), encoding.needed);
  const tolerance = toleranceOf(holders, encoding.needed);
  return {
    tolerance: tolerance.tolerance,
    weakestAccounts: tolerance.weakestAccounts,
    annualLossProbability: loss.probability,
    nines: ninesOf(loss.probability),
    availability: 1 - outage.probability,
    overhead: encoding.total / encoding.needed,
    method: loss.method,
    toleranceExact: tolerance.exact,
    happiness: happinessOf(new Map(holders.map((holder) => [holder.accountId, holder.shares]))),
  };
}
