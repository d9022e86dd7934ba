import { describe, expect, it } from 'vitest';
import { fileRobustness } from './file-robustness';
import { gridRobustness } from './grid-robustness';
import { lossWithRepair } from './repair';
import { account } from '../test-support/robustness';
import type { AccountRisk, GridRobustnessInput, PriceEntry } from './types';

const accounts: AccountRisk[] = [
  { ...account('d', 0.02), name: 'Dropbox' },
  { ...account('b', 0.01), name: 'B2' },
  { ...account('l', 0.04), name: 'Laptop' },
];
const encoding = { needed: 2, happy: 3, total: 3 };
const usd = (storagePerGBMonth: number): PriceEntry => ({ storagePerGBMonth, currency: 'USD' });

function input(overrides: Partial<GridRobustnessInput>): GridRobustnessInput {
  return { accounts, encoding, files: [], storedBytesByAccount: {}, prices: {}, ...overrides };
}

describe('grid robustness', () => {
  it('previews the ideal placement when there are no files', () => {
    const grid = gridRobustness(input({}));
    expect(grid.worstFileId).toBeNull();
    expect(grid.tolerance).toBe(1);
    expect(grid.summary).toMatch(/^No files yet: at 2-of-3, your files would survive the loss of any 1 of your 3 accounts\. If Laptop and Dropbox fail together, your files would be lost\./);
    expect(grid.annualLossProbability).toBeCloseTo(fileRobustness(accounts, encoding, { d: [0], b: [1], l: [2] }).annualLossProbability, 15);
  });

  it('reports the worst file and the least tolerant file', () => {
    const files: GridRobustnessInput['files'] = [
      { id: 'spread', size: 10, placement: { d: [0], b: [1], l: [2] } },
      { id: 'crowded', size: 10, placement: { d: [0, 1], b: [2] } },
    ];
    const grid = gridRobustness(input({ files }));
    const crowded = fileRobustness(accounts, encoding, files[1].placement);
    expect(grid.worstFileId).toBe('crowded');
    expect(grid.annualLossProbability).toBe(crowded.annualLossProbability);
    expect(grid.tolerance).toBe(0);
    expect(grid.weakestAccounts).toEqual(['d']);
    expect(grid.summary).toMatch(/^If Dropbox fails, 1 of your 2 files is lost\./);
    expect(grid.weakPointProbability).toBeCloseTo(0.02, 15);
    expect(grid.availability).toBe(Math.min(crowded.availability, fileRobustness(accounts, encoding, files[0].placement).availability));
  });

  it('counts every file with shares on the weak point\'s disk as lost with it, whichever folders of the disk hold them', () => {
    // Five folders of one disk and two logins at 3-of-5: each file has three shares on the disk, on different folders.
    const folders = [1, 2, 3, 4, 5].map((n) => ({ ...account(`f${n}`, 0.01), name: `Local folder ${n}`, kind: 'local', domainId: 'disk' }));
    const disk = { id: 'disk', name: 'the disk "vda"', kind: 'disk', lossProbability: 0.02, availability: 0.999 };
    const grid = gridRobustness({
      accounts: [...folders, { ...account('s3', 0.001), name: 'S3' }, { ...account('dav', 0.001), name: 'Dav' }],
      domains: [disk],
      encoding: { needed: 3, happy: 5, total: 5 },
      files: [
        { id: 'a', size: 1, placement: { f1: [0], f2: [1], f3: [2], s3: [3], dav: [4] } },
        { id: 'b', size: 1, placement: { f3: [0], f4: [1], f5: [2], s3: [3], dav: [4] } },
        { id: 'c', size: 1, placement: { f1: [0], f4: [1], f5: [2], s3: [3], dav: [4] } },
      ],
      storedBytesByAccount: {},
      prices: {},
    });
    expect(grid.weakestDomains).toEqual(['disk']);
    expect(grid.weakPointFileCount).toBe(3);
    expect(grid.summary).toMatch(/^If the disk holding Local folders 1-5 fails, every file is lost; your 7 accounts are in 3 failure domains\./);
  });

  it('says how many accounts may be lost when every file tolerates some', () => {
    const grid = gridRobustness(input({ files: [{ id: 'f', size: 1, placement: { d: [0], b: [1], l: [2] } }] }));
    expect(grid.summary).toMatch(/^Your files survive the loss of any 1 of your 3 accounts\. If Laptop and Dropbox fail together, your file is lost\./);
  });

  it('adds up the monthly cost per account and in total', () => {
    const grid = gridRobustness(
      input({
        storedBytesByAccount: { d: 2e9, b: 3e9, l: 5e9 },
        prices: { d: usd(0.01), b: usd(0.006), l: usd(0) },
      }),
    );
    expect(grid.costByAccount.d).toBeCloseTo(0.02, 15);
    expect(grid.costByAccount.b).toBeCloseTo(0.018, 15);
    expect(grid.costByAccount.l).toBe(0);
    expect(grid.monthlyCost).toBeCloseTo(0.038, 15);
    expect(grid.currency).toBe('USD');
    expect(grid.overhead).toBeCloseTo(1.5, 15);
  });

  it('labels a total over several currencies as mixed', () => {
    const grid = gridRobustness(input({ storedBytesByAccount: { d: 1e9, b: 1e9 }, prices: { d: usd(0.01), b: { storagePerGBMonth: 0.01, currency: 'EUR' } } }));
    expect(grid.currency).toBe('mixed');
  });

  it('gives repair figures only when a schedule is given', () => {
    expect(gridRobustness(input({})).annualLossProbabilityWithRepair).toBeNull();
    const repair = { checkIntervalHours: 24, repairHours: 6 };
    const files = [{ id: 'f', size: 1, placement: { d: [0], b: [1], l: [2] } }];
    const grid = gridRobustness(input({ files, repair }));
    const expected = lossWithRepair(accounts, encoding, files[0].placement, repair).annualLossProbability;
    expect(grid.annualLossProbabilityWithRepair).toBe(expected);
    expect(grid.ninesWithRepair).toBeCloseTo(-Math.log10(expected), 12);
    expect(grid.annualLossProbabilityWithRepair!).toBeLessThan(grid.annualLossProbability);
    expect(grid.repairAssumptions).toContain('every 24 hours');
    expect(grid.repairAssumptions).toContain('6 hours later');
  });

  it('names the likeliest losing set as the weak point, not the smallest', () => {
    // Losing x alone loses the file (1 in 1,000 a year); y and z together lose it too, and are far likelier (0.09).
    const three = [{ ...account('x', 0.001), name: 'X' }, { ...account('y', 0.3), name: 'Y' }, { ...account('z', 0.3), name: 'Z' }];
    const grid = gridRobustness({ accounts: three, encoding: { needed: 3, happy: 3, total: 4 }, files: [{ id: 'f', size: 1, placement: { x: [0, 1], y: [2], z: [3] } }], storedBytesByAccount: {}, prices: {} });
    expect(grid.tolerance).toBe(0);
    expect([...grid.weakestAccounts].sort()).toEqual(['y', 'z']);
    expect(grid.weakPointProbability).toBeCloseTo(0.09, 15);
    expect(grid.weakPointWords).toBe('If Y and Z fail together, your file is lost.');
  });

  it('counts the internet connection for the availability of cloud accounts only', () => {
    const cloud: AccountRisk[] = [
      { ...account('s', 0.01, 0.999), kind: 's3' },
      { ...account('w', 0.01, 0.999), kind: 'webdav' },
      { ...account('l', 0.01, 0.999), kind: 'local' },
    ];
    const files = [{ id: 'f', size: 1, placement: { s: [0], w: [1], l: [2] } }];
    const without = gridRobustness({ accounts: cloud, encoding, files, storedBytesByAccount: {}, prices: {} });
    const withLine = gridRobustness({ accounts: cloud, encoding, files, storedBytesByAccount: {}, prices: {}, connection: { availability: 0.99 } });
    // When the line is down only the local folder answers, one share of the two needed: the file cannot be read.
    expect(1 - withLine.availability).toBeCloseTo(0.01 + 0.99 * (1 - without.availability), 12);
    expect(withLine.availabilityAssumptions).toBe('Counts your own internet connection, assumed up 99% of the time: when it is down, only your local folders can be read.');
    const local = gridRobustness({ accounts: [account('a', 0.01), account('b', 0.01)], encoding: { needed: 1, happy: 1, total: 2 }, files: [], storedBytesByAccount: {}, prices: {}, connection: { availability: 0.9 } });
    expect(local.availabilityAssumptions).toBeNull();
    expect(local.availability).toBeCloseTo(1 - 0.01 * 0.01, 12);
  });

  it('says when files are already unrecoverable', () => {
    const grid = gridRobustness(input({ files: [{ id: 'broken', size: 1, placement: { d: [0] } }] }));
    expect(grid.tolerance).toBe(-1);
    expect(grid.annualLossProbability).toBe(1);
    expect(grid.summary).toMatch(/cannot be recovered/);
  });

  it('has something to say without accounts', () => {
    const grid = gridRobustness({ ...input({}), accounts: [] });
    expect(grid.summary).toMatch(/No storage accounts yet/);
    expect(grid.annualLossProbability).toBe(1);
  });
});
