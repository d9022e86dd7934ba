/**
 * What adding (or removing) one account really changes, for the account
 * form's preview. Comparing the grid's current encoding before and after
 * hides the gain: a 3-of-5 file survives 2 failures on 5 accounts or on 6.
 * So this reports two things, both judged as uploads place shares over the
 * accounts' failure domains (the chart's and the wizard's model, chart.ts):
 * the current encoding before and after, and the best encoding the wizard
 * would recommend with the changed account list to survive one more failure
 * than today. When neither moves, it says why in plain words (typically: the
 * new folder is on the disk the others are on).
 */
import { evaluateEncoding } from './chart';
import { recommendEncodings } from './recommend';
import type { AccountRisk, DomainRisk, EncodingOption, EncodingShape, PriceEntry } from './types';

export interface GridShape {
  accounts: readonly AccountRisk[];
  /** Shared failure domains (disk, login) the accounts' domainId name. */
  domains: readonly DomainRisk[];
  prices: Readonly<Record<string, PriceEntry>>;
}

export interface AccountChangeInput {
  change: 'add' | 'remove';
  /** "folder" for a local folder, else "account": the reason names it. */
  noun: 'folder' | 'account';
  before: GridShape;
  after: GridShape;
  /** The grid's encoding for new uploads today. */
  encoding: EncodingShape;
  /** The domain the changed account is in and the other accounts' names there (empty: independent of them). */
  sharedDomain?: { kind: string; sharedWith: readonly string[] } | null;
  /** Joins names for a sentence ("Local folders 1-5"). */
  names: (list: readonly string[]) => string;
}

export type EncodingFigures = Pick<EncodingOption, 'needed' | 'happy' | 'total' | 'tolerance' | 'annualLossProbability' | 'nines' | 'overhead' | 'monthlyCostPerTB' | 'countsDomains'>;

export interface AccountChangePreview {
  /** The current encoding, as uploads would place it, without and with the change. */
  currentBefore: EncodingFigures | null;
  currentAfter: EncodingFigures | null;
  /** The leanest encoding surviving one failure more than the current one does today, with the change; null when none does. */
  bestAfter: EncodingFigures | null;
  /** False when neither the current encoding's figures nor the failures survivable move. */
  changes: boolean;
  headline: string;
  /** Why nothing changes, in plain words; null when something does. */
  reason: string | null;
}

/** Loss odds within 1% of each other read the same: no change worth showing. */
const SAME_LOSS_RATIO = 0.01;

export function accountChangePreview(input: AccountChangeInput): AccountChangePreview {
  const { encoding, before, after } = input;
  const currentBefore = before.accounts.length > 0 ? figures(evaluateEncoding(before.accounts, before.prices, encoding.needed, encoding.total, before.domains)) : null;
  const currentAfter = after.accounts.length > 0 ? figures(evaluateEncoding(after.accounts, after.prices, encoding.needed, encoding.total, after.domains)) : null;
  const toleranceNow = currentBefore?.tolerance ?? -1;
  const bestAfter = input.change === 'add' && after.accounts.length > 0 ? bestSurviving(after, toleranceNow + 1, encoding) : null;
  const currentMoves = currentBefore !== null && currentAfter !== null && (currentBefore.tolerance !== currentAfter.tolerance || !sameLoss(currentBefore.annualLossProbability, currentAfter.annualLossProbability));
  const changes = bestAfter !== null || currentMoves || (currentBefore === null) !== (currentAfter === null);
  return {
    currentBefore,
    currentAfter,
    bestAfter,
    changes,
    headline: headlineOf(input, currentBefore, currentAfter, bestAfter),
    reason: changes ? null : reasonOf(input, toleranceNow),
  };
}

/** The wizard's pick (recommend.ts: leanest overhead, then cost, dominated options left out) for surviving `failures` failures. */
function bestSurviving(grid: GridShape, failures: number, current: EncodingShape): EncodingFigures | null {
  const recommendation = recommendEncodings(grid.accounts, grid.prices, { kind: 'survive-accounts', accounts: Math.max(1, failures) }, current, { domains: grid.domains });
  const first = recommendation.options[0];
  return first ? figures(first) : null;
}

function figures(option: EncodingOption): EncodingFigures {
  const { needed, happy, total, tolerance, annualLossProbability, nines, overhead, monthlyCostPerTB, countsDomains } = option;
  return { needed, happy, total, tolerance, annualLossProbability, nines, overhead, monthlyCostPerTB, countsDomains };
}

function sameLoss(a: number, b: number): boolean {
  if (a === b) return true;
  return Math.abs(a - b) <= SAME_LOSS_RATIO * Math.max(a, b);
}

function failuresWords(tolerance: number, countsDomains: boolean): string {
  if (tolerance <= 0) return countsDomains ? 'survive no disk or login failing' : 'survive no account failing';
  const plural = tolerance === 1 ? '' : 's';
  // With shared disks or logins, a whole disk or login counts as one failure.
  if (countsDomains) return `survive ${tolerance} failure${plural} at once, a whole disk or login counting as one`;
  return `survive ${tolerance} account${plural} failing`;
}

function headlineOf(input: AccountChangeInput, before: EncodingFigures | null, after: EncodingFigures | null, best: EncodingFigures | null): string {
  const now = before ? Math.max(0, before.tolerance) : 0;
  if (input.change === 'add') {
    if (best) return `With this ${input.noun}, files could be stored ${best.needed}-of-${best.total} and ${failuresWords(best.tolerance, best.countsDomains)} (now: ${now}).`;
    return `With this ${input.noun}, no encoding lets files survive more failures than today (${now}).`;
  }
  if (!after) return `Without this ${input.noun}, no account is left to store files.`;
  return `Without this ${input.noun}, files stored ${input.encoding.needed}-of-${input.encoding.total} would ${failuresWords(after.tolerance, after.countsDomains)} (now: ${now}).`;
}

function reasonOf(input: AccountChangeInput, toleranceNow: number): string {
  const shared = input.sharedDomain;
  if (shared && shared.sharedWith.length > 0) {
    const what = shared.kind === 'login' ? 'login' : shared.kind === 'server' ? 'server' : 'disk';
    const where = what === 'login' ? 'uses the same provider and login as' : `is on the same ${what} as`;
    return `This ${input.noun} ${where} ${input.names(shared.sharedWith)}, so it does not protect against losing that ${what}.`;
  }
  if (toleranceNow < 0) return 'Your accounts cannot all be reached right now, so RAIC cannot tell what this changes.';
  return `Your files' weakest point is elsewhere: whatever the encoding, one more ${input.noun} does not let them survive more than ${toleranceNow} failure${toleranceNow === 1 ? '' : 's'}.`;
}
