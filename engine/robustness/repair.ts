/**
 * Yearly loss probability when the health monitor checks and repairs on a
 * schedule, by the period model (the one Backblaze describes for its
 * durability figure): the year is cut into periods of one check interval plus
 * one repair; the file is lost in a period when enough accounts fail inside
 * it, and a repair at the end of each period restores the full placement.
 */
import { lossHolders, shortfallWithDomains } from './file-robustness';
import { checkEncoding } from './holdings';
import type { AccountRisk, DomainRisk, EncodingShape, FilePlacement, RepairSchedule } from './types';

export const HOURS_PER_YEAR = 8760;

export function lossWithRepair(
  accounts: readonly AccountRisk[],
  encoding: EncodingShape,
  placement: FilePlacement,
  repair: RepairSchedule,
  domains: readonly DomainRisk[] = [],
): { annualLossProbability: number; assumptions: string } {
  checkEncoding(encoding);
  const { checkIntervalHours, repairHours } = repair;
  if (!(checkIntervalHours > 0) || !(repairHours >= 0)) throw new RangeError(`check interval must be positive and repair time not negative, got ${checkIntervalHours} and ${repairHours}`);
  // A period longer than the year means no repair happens within it.
  const periodHours = Math.min(checkIntervalHours + repairHours, HOURS_PER_YEAR);
  const periodsPerYear = HOURS_PER_YEAR / periodHours;
  const holders = lossHolders(accounts, encoding, placement).map((holder) => ({
    ...holder,
    failureProbability: spreadOverPeriod(holder.failureProbability, 1 / periodsPerYear),
  }));
  // A domain fails within a period like an account does: its own constant rate.
  const perPeriod = shortfallWithDomains(holders, accounts, domains, encoding.needed, (domain) => spreadOverPeriod(domain.lossProbability, 1 / periodsPerYear)).probability;
  return {
    annualLossProbability: compoundOverPeriods(perPeriod, periodsPerYear),
    assumptions:
      (domains.length > 0
        ? `Accounts fail on their own and with their failure domain (a disk, a login), each at a constant rate matching its yearly loss probability. `
        : `Accounts fail independently, at a constant rate matching their yearly loss probability. `) +
      `The year is cut into ${formatCount(periodsPerYear)} periods of ${formatCount(periodHours)} hours (a ${formatCount(checkIntervalHours)}-hour check interval plus ${formatCount(repairHours)} hours of repair); ` +
      `a file is lost when more accounts fail within one period than it tolerates, and the repair at the end of each period restores every share (onto a replacement account if one was lost).`,
  };
}

/** Probability of failing within a fraction of the year, for a constant hazard: 1 - (1 - p)^fraction, without cancellation. */
export function spreadOverPeriod(yearlyProbability: number, fractionOfYear: number): number {
  if (yearlyProbability >= 1) return 1;
  return -Math.expm1(fractionOfYear * Math.log1p(-yearlyProbability));
}

/** Probability of at least one loss in `periods` independent periods: 1 - (1 - p)^periods, without cancellation. */
export function compoundOverPeriods(perPeriod: number, periods: number): number {
  if (perPeriod >= 1) return 1;
  return -Math.expm1(periods * Math.log1p(-perPeriod));
}

function formatCount(value: number): string {
  return Number.isInteger(value) ? value.toString() : value.toFixed(1);
}
