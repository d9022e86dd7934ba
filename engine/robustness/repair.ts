/**
 * Yearly loss probability when the health monitor checks and repairs, in
 * continuous time (docs/robustness.md, "With repair"):
 *
 * - every account and every shared failure domain fails as a Poisson process
 *   whose rate matches its yearly loss probability;
 * - a failure is noticed at the next health check (checks every
 *   `checkIntervalHours`, at fixed times), and the repair started then
 *   finishes `R` hours later, R from the bytes to rebuild and the throughput;
 * - until then the failed account (or every account of the failed domain)
 *   holds nothing for this file.
 *
 * At a fixed moment each component's "still down" state depends only on its
 * own failures in a window whose length depends on where the moment falls
 * between two checks, so the components are independent there and the
 * existing exact recurrences give the chance that the down set loses the
 * file. A loss starts when a component fails while the down set does not yet
 * lose the file but would with it: that rate, integrated over the phase
 * between checks and multiplied by the checks in a year, is the expected
 * number of loss onsets Λ; the figure is 1 - e^-Λ, capped by the figure
 * without repair. Onsets cluster slightly, so this errs on the side of more
 * loss; the seeded continuous-time Monte Carlo in repair.test.ts agrees
 * within its confidence interval.
 */
import { lossHolders, shortfallWithDomains } from './file-robustness';
import { checkEncoding, type Holder } from './holdings';
import type { AccountRisk, DomainRisk, EncodingShape, FilePlacement, RepairSchedule } from './types';

export const HOURS_PER_YEAR = 8760;

/** A repair never takes less than this: the job must be queued, shares read back and checked. */
export const MINIMUM_REPAIR_HOURS = 1;

/** Bytes a repair moves per hour when nothing was measured: a home connection's 2 MB/s upload for cloud accounts, a disk's 50 MB/s for local folders. */
export const DEFAULT_CLOUD_REPAIR_BYTES_PER_HOUR = 2e6 * 3600;
export const DEFAULT_LOCAL_REPAIR_BYTES_PER_HOUR = 50e6 * 3600;

/**
 * Gauss-Legendre nodes and weights on [-1, 1]: 3 points, exact for
 * polynomials of degree 5. Between breakpoints each down probability is
 * 1 - e^(-λW) with W linear in the phase, nearly linear itself, so the rate
 * is a low-degree polynomial to far better than the model's own accuracy.
 */
const NODES = [0, -Math.sqrt(3 / 5), Math.sqrt(3 / 5)];
const WEIGHTS = [8 / 9, 5 / 9, 5 / 9];

interface Component {
  /** Account id or domain id. */
  id: string;
  isDomain: boolean;
  /** Failures per hour. */
  rate: number;
  repairHours: number;
}

export interface RepairFigure {
  annualLossProbability: number;
  assumptions: string;
  /** The longest repair assumed for a component of this file, in hours. */
  longestRepairHours: number;
}

export function lossWithRepair(
  accounts: readonly AccountRisk[],
  encoding: EncodingShape,
  placement: FilePlacement,
  repair: RepairSchedule,
  domains: readonly DomainRisk[] = [],
): RepairFigure {
  checkEncoding(encoding);
  const { checkIntervalHours } = repair;
  if (!(checkIntervalHours > 0)) throw new RangeError(`the check interval must be a positive number of hours, got ${checkIntervalHours}`);
  if (repair.repairHours !== undefined && !(repair.repairHours >= 0)) throw new RangeError(`repair hours must not be negative, got ${repair.repairHours}`);
  if (repair.repairBytesPerHour !== undefined && !(repair.repairBytesPerHour > 0)) throw new RangeError(`repair throughput must be positive, got ${repair.repairBytesPerHour}`);

  const holders = lossHolders(accounts, encoding, placement);
  const withoutRepair = shortfallWithDomains(holders, accounts, domains, encoding.needed, (domain) => domain.lossProbability).probability;
  const components = componentsOf(holders, accounts, domains, encoding, repair);
  const longestRepairHours = components.reduce((longest, component) => Math.max(longest, component.repairHours), 0);
  const assumptions = describeAssumptions(repair, domains.length > 0, longestRepairHours, encoding.needed);
  // A check interval of a year or more: nothing is repaired within the year.
  if (checkIntervalHours >= HOURS_PER_YEAR || withoutRepair === 0) return { annualLossProbability: withoutRepair, assumptions, longestRepairHours };

  const lossWith = (down: ReadonlyMap<string, number>): number => {
    const atRisk: Holder[] = holders.map((holder) => ({ ...holder, failureProbability: down.get(holder.accountId) ?? 0 }));
    return shortfallWithDomains(atRisk, accounts, domains, encoding.needed, (domain) => down.get(`domain:${domain.id}`) ?? 0).probability;
  };
  const keyOf = (component: Component) => (component.isDomain ? `domain:${component.id}` : component.id);

  const onsetRate = (phase: number): number => {
    const down = new Map<string, number>();
    for (const component of components) down.set(keyOf(component), downProbability(component, phase, checkIntervalHours));
    const base = lossWith(down);
    let rate = 0;
    for (const component of components) {
      if (component.rate === 0) continue;
      const key = keyOf(component);
      const before = down.get(key)!;
      down.set(key, 1);
      rate += component.rate * Math.max(0, lossWith(down) - base);
      down.set(key, before);
    }
    return rate;
  };

  // The window lengths jump where a repair of R hours crosses a check: split there.
  const cuts = new Set<number>([0, checkIntervalHours]);
  for (const component of components) {
    const cut = component.repairHours % checkIntervalHours;
    if (cut > 0) cuts.add(cut);
  }
  const edges = [...cuts].sort((a, b) => a - b);
  let perInterval = 0;
  for (let piece = 0; piece + 1 < edges.length; piece++) {
    const [from, to] = [edges[piece], edges[piece + 1]];
    const half = (to - from) / 2;
    for (let node = 0; node < NODES.length; node++) perInterval += WEIGHTS[node] * half * onsetRate(from + half * (1 + NODES[node]));
  }
  const expectedOnsets = (HOURS_PER_YEAR / checkIntervalHours) * perInterval;
  return { annualLossProbability: Math.min(withoutRepair, -Math.expm1(-expectedOnsets)), assumptions, longestRepairHours };
}

/**
 * Probability that a component is down at `phase` hours after a check: a
 * failure at s is noticed at the next check and repaired R hours later, so
 * it is still down at time t when it happened in the current interval (the
 * last `phase` hours) or in one of the earlier whole intervals whose repair
 * ends after t.
 */
export function downWindowHours(repairHours: number, phase: number, checkIntervalHours: number): number {
  return phase + checkIntervalHours * Math.max(0, Math.ceil((repairHours - phase) / checkIntervalHours));
}

function downProbability(component: Component, phase: number, checkIntervalHours: number): number {
  if (component.rate === Infinity) return 1;
  return -Math.expm1(-component.rate * downWindowHours(component.repairHours, phase, checkIntervalHours));
}

/** Constant hazard per hour matching a yearly probability. */
export function ratePerHour(yearlyProbability: number): number {
  if (yearlyProbability >= 1) return Infinity;
  return -Math.log1p(-yearlyProbability) / HOURS_PER_YEAR;
}

function componentsOf(holders: readonly Holder[], accounts: readonly AccountRisk[], domains: readonly DomainRisk[], encoding: EncodingShape, repair: RepairSchedule): Component[] {
  const byId = new Map(accounts.map((account) => [account.id, account]));
  const hours = (accountIds: readonly string[]) => repairHoursFor(accountIds, byId, encoding, repair);
  const components: Component[] = holders.map((holder) => ({ id: holder.accountId, isDomain: false, rate: ratePerHour(holder.failureProbability), repairHours: hours([holder.accountId]) }));
  for (const domain of domains) {
    const members = holders.filter((holder) => byId.get(holder.accountId)?.domainId === domain.id).map((holder) => holder.accountId);
    if (members.length === 0) continue;
    const everyAccount = accounts.filter((account) => account.domainId === domain.id).map((account) => account.id);
    components.push({ id: domain.id, isDomain: true, rate: ratePerHour(domain.lossProbability), repairHours: hours(everyAccount) });
  }
  return components;
}

/**
 * How long repairing the loss of these accounts takes: a fixed figure when
 * one is given, otherwise the bytes they held, read back `needed` times over
 * from the other accounts and written once more, at the repair throughput.
 */
export function repairHoursFor(accountIds: readonly string[], accounts: ReadonlyMap<string, AccountRisk>, encoding: EncodingShape, repair: RepairSchedule): number {
  if (repair.repairHours !== undefined) return repair.repairHours;
  const held = accountIds.reduce((sum, id) => sum + (repair.storedBytesByAccount?.[id] ?? 0), 0);
  const throughput = repair.repairBytesPerHour ?? defaultThroughput(accountIds.map((id) => accounts.get(id)));
  return MINIMUM_REPAIR_HOURS + ((encoding.needed + 1) * held) / throughput;
}

function defaultThroughput(accounts: readonly (AccountRisk | undefined)[]): number {
  return accounts.every((account) => account?.kind === 'local') ? DEFAULT_LOCAL_REPAIR_BYTES_PER_HOUR : DEFAULT_CLOUD_REPAIR_BYTES_PER_HOUR;
}

function describeAssumptions(repair: RepairSchedule, withDomains: boolean, longestRepairHours: number, needed: number): string {
  const failing = withDomains
    ? 'Accounts fail on their own and with their failure domain (a disk, a login), each at random moments at a steady rate matching its yearly loss probability.'
    : 'Accounts fail independently, at random moments at a steady rate matching their yearly loss probability.';
  const checks = `A failure is noticed at the next health check (every ${hoursWords(repair.checkIntervalHours)})`;
  let repairWords: string;
  if (repair.repairHours !== undefined) repairWords = `and repaired ${hoursWords(repair.repairHours)} later`;
  else {
    const speed = repair.repairBytesPerHour === undefined ? 'an assumed 2 MB/s for cloud accounts (a home upload) and 50 MB/s for local folders' : `${formatSpeed(repair.repairBytesPerHour)}${repair.throughputMeasured ? ' (measured)' : ''}`;
    repairWords = `and repaired in the time it takes to read ${needed} shares for every lost one and write it again at ${speed} (at least ${hoursWords(MINIMUM_REPAIR_HOURS)}; the longest here is ${hoursWords(longestRepairHours)})`;
  }
  return `${failing} ${checks} ${repairWords}; a file is lost when failures that are not yet repaired leave too few of its shares.`;
}

function hoursWords(hours: number): string {
  if (hours >= 48 && Number.isInteger(hours / 24)) return `${hours / 24} days`;
  const rounded = hours >= 10 ? Math.round(hours) : Number(hours.toFixed(1));
  return `${rounded} hour${rounded === 1 ? '' : 's'}`;
}

function formatSpeed(bytesPerHour: number): string {
  const perSecond = bytesPerHour / 3600;
  return perSecond >= 1e6 ? `${Number((perSecond / 1e6).toPrecision(3))} MB/s` : `${Number((perSecond / 1e3).toPrecision(3))} kB/s`;
}
