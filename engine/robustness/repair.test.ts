import { describe, expect, it } from 'vitest';
import { correlatedRisks } from './domains';
import { fileRobustness } from './file-robustness';
import { idealPlacement } from './ideal-placement';
import { downWindowHours, HOURS_PER_YEAR, lossWithRepair, MINIMUM_REPAIR_HOURS, repairHoursFor } from './repair';
import { account, seededRandom } from '../test-support/robustness';
import type { AccountRisk, DomainRisk, EncodingShape, FilePlacement, RepairSchedule } from './types';

const accounts = [account('a', 0.05), account('b', 0.1), account('c', 0.02), account('d', 0.08), account('e', 0.03)];
const encoding = { needed: 3, happy: 4, total: 5 };
const placement = idealPlacement(
  accounts.map((a) => a.id),
  5,
);
const withoutRepair = fileRobustness(accounts, encoding, placement).annualLossProbability;

/** Two-sided 99.9% normal quantile. */
const Z_999 = 3.2905;

/**
 * What the monitor does, event by event, sharing no code with the model:
 * each account and domain fails at exponential intervals; a failure at s is
 * noticed at the next check (the next multiple of the interval) and repaired
 * R hours after that; the file is lost when, at some failure, the accounts
 * still down (on their own or through their domain) leave too few shares.
 * The year is a year of a grid already running (the model's steady state).
 */
function simulateYears(
  risks: readonly AccountRisk[],
  domains: readonly DomainRisk[],
  placement: FilePlacement,
  needed: number,
  checkHours: number,
  repairHoursOf: (id: string) => number,
  trials: number,
  random: () => number,
): number {
  const units = [
    ...risks.map((risk) => ({ id: risk.id, rate: -Math.log(1 - risk.lossProbability) / HOURS_PER_YEAR, takes: [risk.id] })),
    ...domains.map((domain) => ({ id: domain.id, rate: -Math.log(1 - domain.lossProbability) / HOURS_PER_YEAR, takes: risks.filter((r) => r.domainId === domain.id).map((r) => r.id) })),
  ];
  // The grid has been running: start well before the year so what is under repair at its start is as in any other week.
  const warmUp = Math.max(...units.map((unit) => repairHoursOf(unit.id))) + 2 * checkHours;
  let losses = 0;
  for (let trial = 0; trial < trials; trial++) {
    const events: { time: number; unit: number }[] = [];
    units.forEach((unit, index) => {
      for (let time = -warmUp - Math.log(1 - random()) / unit.rate; time < HOURS_PER_YEAR; time += -Math.log(1 - random()) / unit.rate) events.push({ time, unit: index });
    });
    events.sort((x, y) => x.time - y.time);
    const repairedAt = new Array<number>(units.length).fill(-Infinity);
    const losing = (time: number) => {
      const down = new Set(units.flatMap((unit, index) => (repairedAt[index] > time ? unit.takes : [])));
      const held = new Set(Object.entries(placement).flatMap(([id, shares]) => (down.has(id) ? [] : shares)));
      return held.size < needed;
    };
    for (const event of events) {
      const before = losing(event.time);
      const noticed = Math.ceil(event.time / checkHours) * checkHours;
      repairedAt[event.unit] = Math.max(repairedAt[event.unit], noticed + repairHoursOf(units[event.unit].id));
      // A loss starts at a failure that turns an intact file into a lost one; losses before the year belong to an earlier one.
      if (event.time >= 0 && !before && losing(event.time)) {
        losses++;
        break;
      }
    }
  }
  return losses / trials;
}

function expectAgreement(model: number, simulated: number, trials: number): void {
  const margin = Z_999 * Math.sqrt((model * (1 - model)) / trials);
  expect(Math.abs(simulated - model), `model ${model}, simulated ${simulated}, margin ${margin}`).toBeLessThan(margin);
}

describe('loss with repair (continuous time)', () => {
  it('equals the no-repair figure when the check interval is a whole year, or longer', () => {
    const yearly = lossWithRepair(accounts, encoding, placement, { checkIntervalHours: HOURS_PER_YEAR, repairHours: 0 });
    expect(yearly.annualLossProbability).toBeCloseTo(withoutRepair, 15);
    const longer = lossWithRepair(accounts, encoding, placement, { checkIntervalHours: 2 * HOURS_PER_YEAR, repairHours: 100 });
    expect(longer.annualLossProbability).toBeCloseTo(withoutRepair, 15);
  });

  it('lowers the loss probability, more so the more often it checks', () => {
    let previous = withoutRepair;
    for (const checkIntervalHours of [24 * 90, 24 * 30, 24 * 7, 24]) {
      const { annualLossProbability } = lossWithRepair(accounts, encoding, placement, { checkIntervalHours, repairHours: 12 });
      expect(annualLossProbability).toBeGreaterThan(0);
      expect(annualLossProbability).toBeLessThan(previous);
      previous = annualLossProbability;
    }
  });

  it('counts failures on either side of a check as overlapping: higher than the old period model', () => {
    const p = 0.2;
    const pair = [account('a', p), account('b', p)];
    const { annualLossProbability, assumptions } = lossWithRepair(pair, { needed: 1, happy: 1, total: 2 }, { a: [0], b: [1] }, { checkIntervalHours: 6, repairHours: 24 });
    const periodHours = 6 + 24;
    const perPeriod = (1 - (1 - p) ** (periodHours / HOURS_PER_YEAR)) ** 2;
    const periodModel = 1 - (1 - perPeriod) ** (HOURS_PER_YEAR / periodHours);
    // Each failure stays down 27 hours on average (3 to the check, 24 to repair); the other failing in that time loses the file, from either side: 2·λ²·27 h a year.
    const rate = -Math.log(1 - p) / HOURS_PER_YEAR;
    expect(annualLossProbability / (HOURS_PER_YEAR * 2 * rate * rate * 27)).toBeCloseTo(1, 2);
    expect(annualLossProbability / periodModel).toBeGreaterThan(1.7);
    expect(assumptions).toContain('independently');
    expect(assumptions).toContain('every 6 hours');
  });

  it('takes the repair time from the bytes to rebuild and the throughput', () => {
    const byId = new Map(accounts.map((a) => [a.id, a]));
    const schedule: RepairSchedule = { checkIntervalHours: 6, repairBytesPerHour: 1e9, storedBytesByAccount: { a: 2e9, b: 1e9 } };
    expect(repairHoursFor(['a'], byId, encoding, schedule)).toBeCloseTo(MINIMUM_REPAIR_HOURS + 4 * 2, 12);
    expect(repairHoursFor(['a', 'b'], byId, encoding, schedule)).toBeCloseTo(MINIMUM_REPAIR_HOURS + 4 * 3, 12);
    const small = lossWithRepair(accounts, encoding, placement, { checkIntervalHours: 6, repairBytesPerHour: 1e9, storedBytesByAccount: { a: 1e9 } }).annualLossProbability;
    const large = lossWithRepair(accounts, encoding, placement, { checkIntervalHours: 6, repairBytesPerHour: 1e9, storedBytesByAccount: { a: 1e12, b: 1e12, c: 1e12, d: 1e12, e: 1e12 } }).annualLossProbability;
    expect(large).toBeGreaterThan(small * 10);
  });

  it('keeps a failure down from the moment it happens until the repair after the next check', () => {
    // Failing 1 hour into a 6-hour interval with a 24-hour repair: down for the 1 hour so far, or from the earlier intervals still repairing.
    expect(downWindowHours(24, 1, 6)).toBe(1 + 24);
    expect(downWindowHours(24, 6, 6)).toBe(6 + 18);
    expect(downWindowHours(0, 3, 6)).toBe(3);
  });

  it('rejects a schedule without a check interval', () => {
    expect(() => lossWithRepair(accounts, encoding, placement, { checkIntervalHours: 0, repairHours: 1 })).toThrow(RangeError);
  });
});

describe('continuous-time Monte Carlo of checks and repairs', () => {
  const trials = 60_000;

  const judge = (risks: AccountRisk[], domains: DomainRisk[], shape: EncodingShape, filePlacement: FilePlacement, schedule: RepairSchedule, seed: number) => {
    const model = lossWithRepair(risks, shape, filePlacement, schedule, domains).annualLossProbability;
    const byId = new Map(risks.map((r) => [r.id, r]));
    const repairOf = (id: string) => {
      const domain = domains.find((d) => d.id === id);
      return repairHoursFor(domain ? risks.filter((r) => r.domainId === id).map((r) => r.id) : [id], byId, shape, schedule);
    };
    const simulated = simulateYears(risks, domains, filePlacement, shape.needed, schedule.checkIntervalHours, repairOf, trials, seededRandom(seed));
    // The figure is worth testing only where repair matters and loss is neither certain nor negligible.
    expect(model).toBeGreaterThan(0.005);
    expect(model).toBeLessThan(0.5);
    return { model, simulated };
  };

  it('agrees on independent accounts with repair times from their bytes', () => {
    const risks = [account('a', 0.6), account('b', 0.5), account('c', 0.7)];
    const schedule: RepairSchedule = { checkIntervalHours: 24, repairBytesPerHour: 1e9, storedBytesByAccount: { a: 10e9, b: 25e9, c: 40e9 } };
    const { model, simulated } = judge(risks, [], { needed: 2, happy: 2, total: 3 }, { a: [0], b: [1], c: [2] }, schedule, 7);
    expectAgreement(model, simulated, trials);
  });

  it('agrees on five folders of one disk beside two cloud accounts, placed as uploads spread them', () => {
    const whole = [...Array.from({ length: 5 }, (_, i) => ({ ...account(`f${i}`, 0.5), kind: 'local' })), { ...account('s3', 0.7), kind: 's3' }, { ...account('dav', 0.8), kind: 'webdav' }];
    const { accounts: risks, domains } = correlatedRisks(whole, (id) => (id.startsWith('f') ? { id: 'disk', name: 'the disk', kind: 'disk' } : undefined));
    const schedule: RepairSchedule = { checkIntervalHours: 6, repairBytesPerHour: 4e8, storedBytesByAccount: { f0: 5e9, f1: 5e9, f2: 5e9, f3: 5e9, f4: 5e9, s3: 1e9, dav: 1e9 } };
    const { model, simulated } = judge(risks, domains, { needed: 2, happy: 4, total: 5 }, { f0: [0], s3: [1], dav: [2], f1: [3], f2: [4] }, schedule, 11);
    expectAgreement(model, simulated, trials);
  });

  it('agrees on two correlated domains with shares held twice', () => {
    const whole = [account('a1', 0.5), account('a2', 0.6), account('b1', 0.5), account('b2', 0.4), account('c', 0.7)];
    const { accounts: risks, domains } = correlatedRisks(whole, (id) => (id === 'c' ? undefined : { id: id[0], name: `login ${id[0]}`, kind: 'login' }));
    const schedule: RepairSchedule = { checkIntervalHours: 12, repairHours: 150 };
    const filePlacement: FilePlacement = { a1: [0, 1], a2: [2], b1: [1, 3], b2: [0], c: [2, 3] };
    const { model, simulated } = judge(risks, domains, { needed: 3, happy: 3, total: 4 }, filePlacement, schedule, 23);
    expectAgreement(model, simulated, trials);
  });
});
