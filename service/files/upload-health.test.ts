import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { uploadHealth } from './transfers';
import { assessFile } from '../health/classify';
import type { SharePlacement } from '../catalog';

/** What a check says of these placements (classify.ts), the judge uploadHealth must agree with. */
function checkedHealth(encoding: { needed: number; happy: number; total: number }, placements: readonly SharePlacement[]): string {
  const shares: Record<string, number[]> = {};
  for (const p of placements) (shares[p.accountId] ??= []).push(p.shareNumber);
  return assessFile(encoding, shares).health;
}

const encodings = fc
  .record({ needed: fc.integer({ min: 1, max: 5 }), extra: fc.integer({ min: 0, max: 4 }), happy: fc.integer({ min: 1, max: 10 }) })
  .map(({ needed, extra, happy }) => ({ needed, happy, total: needed + extra }));

describe("an upload's health as it is listed", () => {
  // The quick answer for a complete upload, one share per account, is classify.ts's own; its test is there (assessSpread).
  it('agrees with a check for any layout (missing shares, shared accounts, duplicates, numbers out of range)', () => {
    const placements = fc.array(fc.record({ accountId: fc.constantFrom('a', 'b', 'c', 'd', 'e', 'f'), shareNumber: fc.integer({ min: -1, max: 9 }) }), { maxLength: 10 });
    fc.assert(
      fc.property(encodings, placements, (encoding, layout) => {
        expect(uploadHealth({ storageIndex: 'si' }, encoding, layout)).toBe(checkedHealth(encoding, layout));
      }),
      { numRuns: 2000 },
    );
  });

  it('lists a literal file (nothing stored) as healthy', () => {
    expect(uploadHealth({ storageIndex: null }, { needed: 2, happy: 3, total: 3 }, [])).toBe('healthy');
  });
});
