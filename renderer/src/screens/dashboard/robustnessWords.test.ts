import { describe, expect, it } from 'vitest';
import { durabilityParts, hasSharedDomains, toleranceFigure, weakPointWords } from './robustnessWords';

const folders = ['Local folder 1', 'Local folder 2', 'Local folder 3'];

describe('robustness words over failure domains', () => {
  it('counts failures of whole disks or logins when accounts share one', () => {
    const report = {
      tolerance: 0,
      accountCount: 3,
      failureDomains: [{ id: 'disk:sda', name: 'the disk "sda"', kind: 'disk' as const, accountIds: ['1', '2', '3'] }],
      weakestAccountNames: folders,
      weakestDomainNames: ['the disk "sda"'],
    };
    expect(hasSharedDomains(report)).toBe(true);
    expect(toleranceFigure(report)).toMatchObject({ term: 'Failures you can survive', value: '0 of 1' });
    expect(toleranceFigure(report).caption).toMatch(/your 3 accounts are in 1 failure domain$/);
    expect(weakPointWords(report)).toBe('if the disk "sda" fails (Local folders 1-3), files are lost.');
  });

  it('keeps the account words when every account is its own domain', () => {
    const report = {
      tolerance: 1,
      accountCount: 3,
      failureDomains: ['a', 'b', 'c'].map((id) => ({ id, name: id, kind: 'login' as const, accountIds: [id] })),
      weakestAccountNames: ['A', 'B'],
      weakestDomainNames: [],
    };
    expect(toleranceFigure(report)).toEqual({ term: 'Accounts you can lose', value: '1 of 3', caption: 'at the same time, without losing a file' });
    expect(weakPointWords(report)).toBe('losing A and B together would lose files.');
  });
});

describe('durability and the weak point in the report\'s words', () => {
  it('shows the actual figure beside the count of nines', () => {
    expect(durabilityParts(0.03)).toEqual({ headline: '1 nine', percent: '97%', odds: 'about 1 in 33 a year' });
    expect(durabilityParts(0.017)).toEqual({ headline: '1 nine', percent: '98.3%', odds: 'about 1 in 59 a year' });
  });

  it('says the report\'s weak-point sentence when it has one', () => {
    const report = {
      tolerance: 0,
      accountCount: 5,
      failureDomains: [{ id: 'disk:sda', name: 'the disk "sda"', kind: 'disk' as const, accountIds: ['1', '2', '3', '4', '5'] }],
      weakestAccountNames: folders,
      weakestDomainNames: ['the disk "sda"'],
      weakPointWords: 'If the disk holding Local folders 1-5 fails, every file is lost.',
    };
    expect(weakPointWords(report)).toBe('If the disk holding Local folders 1-5 fails, every file is lost.');
  });
});
