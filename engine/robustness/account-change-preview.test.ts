import { describe, expect, it } from 'vitest';
import { accountChangePreview, type GridShape } from './account-change-preview';
import { evaluateEncoding } from './chart';
import { correlatedRisks } from './domains';
import { recommendEncodings } from './recommend';
import { nameList } from '../../shared/name-list';
import type { AccountRisk, PriceEntry } from './types';

/** A grid described as data: each account's kind, yearly loss and the disk or login it sits on (none: its own). */
interface AccountRow {
  id: string;
  name: string;
  kind: string;
  loss: number;
  availability: number;
  domain?: string;
  pricePerGB: number;
}

function gridOf(rows: readonly AccountRow[]): GridShape {
  const risks: AccountRisk[] = rows.map((r) => ({ id: r.id, name: r.name, kind: r.kind, lossProbability: r.loss, availability: r.availability }));
  const domainOf = (id: string) => {
    const row = rows.find((r) => r.id === id);
    return row?.domain ? { id: row.domain, name: `the disk "${row.domain}"`, kind: 'disk' } : undefined;
  };
  const correlated = correlatedRisks(risks, domainOf);
  const prices: Record<string, PriceEntry> = Object.fromEntries(rows.map((r) => [r.id, { storagePerGBMonth: r.pricePerGB, currency: 'USD' }]));
  return { accounts: correlated.accounts, domains: correlated.domains, prices };
}

const cloud = (id: string, name: string, loss = 1e-4, pricePerGB = 0.006): AccountRow => ({ id, name, kind: 's3', loss, availability: 0.999, pricePerGB });
const folder = (id: string, name: string, disk: string): AccountRow => ({ id, name, kind: 'local', loss: 0.02, availability: 0.999, domain: disk, pricePerGB: 0 });

const fiveClouds = [cloud('b2', 'Backblaze'), cloud('wasabi', 'Wasabi'), cloud('r2', 'Cloudflare'), cloud('s3', 'Amazon'), cloud('dav', 'Home WebDAV', 1e-3, 0)];
const threeOfFive = { needed: 3, happy: 4, total: 5 };

describe('what one more account changes', () => {
  it('an independent cloud account: the current 3-of-5 keeps surviving 2, yet the grid could now store 3-of-6 and survive 3', () => {
    const before = gridOf(fiveClouds);
    const after = gridOf([...fiveClouds, cloud('gcs', 'Google Cloud')]);
    const preview = accountChangePreview({ change: 'add', noun: 'account', before, after, encoding: threeOfFive, sharedDomain: { kind: 'login', sharedWith: [] }, names: nameList });

    // The old preview compared exactly these two and showed no change.
    expect(preview.currentBefore!.tolerance).toBe(2);
    expect(preview.currentAfter!.tolerance).toBe(2);
    // The real change: one failure more survivable, with the wizard's leanest pick.
    expect(preview.bestAfter).not.toBeNull();
    expect(preview.bestAfter!.tolerance).toBe(3);
    expect([preview.bestAfter!.needed, preview.bestAfter!.total]).toEqual([3, 6]);
    expect(preview.changes).toBe(true);
    expect(preview.reason).toBeNull();
    expect(preview.headline).toBe('With this account, files could be stored 3-of-6 and survive 3 accounts failing (now: 2).');
    // Honest figures: the same model the chart and the wizard use.
    const chartFigure = evaluateEncoding(after.accounts, after.prices, 3, 6, after.domains);
    expect(preview.bestAfter!.annualLossProbability).toBe(chartFigure.annualLossProbability);
    expect(preview.bestAfter!.monthlyCostPerTB).toBe(chartFigure.monthlyCostPerTB);
    expect(preview.bestAfter!.annualLossProbability).toBeLessThan(preview.currentBefore!.annualLossProbability);
    // With the five accounts alone, surviving 3 needs more overhead than 3-of-6's 2x (the account is what makes it cheap).
    const without = recommendEncodings(before.accounts, before.prices, { kind: 'survive-accounts', accounts: 3 }, threeOfFive, { domains: before.domains }).options[0];
    expect(without === undefined || without.overhead > 2 + 1e-9).toBe(true);
  });

  const folders = [1, 2, 3, 4, 5].map((i) => folder(`f${i}`, `Local folder ${i}`, 'sda'));

  it('a sixth folder on the disk the five others are on changes nothing, and says why', () => {
    const before = gridOf(folders);
    const after = gridOf([...folders, folder('f6', 'Local folder 6', 'sda')]);
    const preview = accountChangePreview({
      change: 'add',
      noun: 'folder',
      before,
      after,
      encoding: threeOfFive,
      sharedDomain: { kind: 'disk', sharedWith: folders.map((f) => f.name) },
      names: nameList,
    });
    expect(preview.currentBefore!.tolerance).toBe(0);
    expect(preview.currentAfter!.tolerance).toBe(0);
    expect(preview.bestAfter).toBeNull();
    expect(preview.changes).toBe(false);
    expect(preview.headline).toBe('With this folder, no encoding lets files survive more failures than today (0).');
    expect(preview.reason).toBe('This folder is on the same disk as Local folders 1-5, so it does not protect against losing that disk.');
  });

  it('a cloud account beside those folders lets files survive the disk failing', () => {
    const before = gridOf(folders);
    const after = gridOf([...folders, cloud('b2', 'Backblaze')]);
    const preview = accountChangePreview({ change: 'add', noun: 'account', before, after, encoding: threeOfFive, sharedDomain: { kind: 'login', sharedWith: [] }, names: nameList });
    expect(preview.bestAfter).not.toBeNull();
    expect(preview.bestAfter!.tolerance).toBe(1);
    expect(preview.changes).toBe(true);
    expect(preview.headline).toMatch(/^With this account, files could be stored \d+-of-\d+ and survive 1 failure at once, a whole disk or login counting as one \(now: 0\)\.$/);
    // Surviving the disk failing is what lowers the odds: the disk was the weak point.
    expect(preview.bestAfter!.annualLossProbability).toBeLessThan(preview.currentBefore!.annualLossProbability);
  });

  it('removing an account from five says the current encoding would survive one failure fewer', () => {
    const before = gridOf(fiveClouds);
    const after = gridOf(fiveClouds.slice(0, 4));
    const preview = accountChangePreview({ change: 'remove', noun: 'account', before, after, encoding: threeOfFive, names: nameList });
    expect(preview.currentBefore!.tolerance).toBe(2);
    expect(preview.currentAfter!.tolerance).toBe(1);
    expect(preview.changes).toBe(true);
    expect(preview.headline).toBe('Without this account, files stored 3-of-5 would survive 1 account failing (now: 2).');
  });
});
