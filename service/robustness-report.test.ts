import { describe, expect, it } from 'vitest';
import { fileRobustness } from '../engine/robustness';
import { GridConfigSchema, type GridConfig } from './grid-config';
import { robustnessReport } from './robustness-report';
import { sampleFile, spreadShares } from './test-support/catalog';
import { accountRiskOf } from './pricing';
import { useFreshCatalog } from './test-support/fresh-catalog';

const fresh = useFreshCatalog();

/** Five WebDAV servers on five hosts: five independent failure domains, so the figures are the independent model's. */
function independentGrid(encoding: { needed: number; happy: number; total: number }): GridConfig {
  return GridConfigSchema.parse({
    version: 2,
    encoding: { ...encoding, maxSegmentSize: 131072 },
    accounts: ['a', 'b', 'c', 'd', 'e'].map((id) => ({ id, name: `Server ${id}`, provider: 'webdav', settings: { url: `https://${id}.example.net/dav/`, username: 'me' }, secretFields: ['password'] })),
  });
}

describe('each file judged by its own encoding', () => {
  it('reports a 4-of-5 file as a 4-of-5 file after the grid moved to 2-of-5', () => {
    const config = independentGrid({ needed: 2, happy: 4, total: 5 });
    const ids = config.accounts.map((a) => a.id);
    fresh.catalog.addFile(sampleFile('/old.bin', 1, { encoding: { needed: 4, happy: 4, total: 5, segmentSize: 131072 }, placements: spreadShares(ids, 5) }));
    const report = robustnessReport(config, fresh.catalog);
    const risks = config.accounts.map((a) => ({ id: a.id, name: a.name, kind: a.provider, ...accountRiskOf(a) }));
    const ownFigures = fileRobustness(risks, { needed: 4, happy: 4, total: 5 }, { a: [0], b: [1], c: [2], d: [3], e: [4] });
    expect(report.tolerance).toBe(1);
    expect(report.annualLossProbability).toBe(ownFigures.annualLossProbability);
    // What the grid's encoding would have claimed: far better than the truth.
    const claimed = fileRobustness(risks, { needed: 2, happy: 4, total: 5 }, { a: [0], b: [1], c: [2], d: [3], e: [4] });
    expect(claimed.annualLossProbability * 1000).toBeLessThan(report.annualLossProbability);
  });

  it('does not crash when n is lowered below the share numbers stored files use (3-of-10 to 3-of-5)', () => {
    const config = independentGrid({ needed: 3, happy: 4, total: 5 });
    const ids = config.accounts.map((a) => a.id);
    fresh.catalog.addFile(sampleFile('/ten.bin', 2, { encoding: { needed: 3, happy: 5, total: 10, segmentSize: 131072 }, placements: spreadShares(ids, 10) }));
    fresh.catalog.addFile(sampleFile('/five.bin', 3, { encoding: { needed: 3, happy: 4, total: 5, segmentSize: 131072 }, placements: spreadShares(ids, 5) }));
    const report = robustnessReport(config, fresh.catalog);
    // The 3-of-5 file (two losses) is the least tolerant; the 3-of-10 file, two shares per server, survives three.
    expect(report.tolerance).toBe(2);
    expect(report.worstFilePath).toBe('/five.bin');
    expect(report.encoding).toMatchObject({ needed: 3, total: 5 });
    expect(report.fileEncodings).toEqual([
      { needed: 3, total: 5, files: 1, bytes: 1003 },
      { needed: 3, total: 10, files: 1, bytes: 1002 },
    ]);
  });
});
