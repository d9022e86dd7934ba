/** File health words count failures when accounts holding a file share a disk or login. */
import { describe, expect, it } from 'vitest';
import { assessFile } from './classify';
import { failureTolerance } from './domain-tolerance';
import { summarizeHealth } from './summary';

const disk = (id: string) => (id.startsWith('folder') ? 'disk:sda' : `login:${id}`);

function summary(shares: Record<string, number[]>, domainOf?: (id: string) => string | undefined): string {
  const assessment = assessFile({ needed: 3, happy: 4, total: 5 }, shares);
  return summarizeHealth({
    assessment,
    needed: 3,
    total: 5,
    accountNames: new Map(Object.keys(shares).map((id) => [id, id])),
    accountsHoldingShares: Object.keys(shares).length,
    offlineAccounts: [],
    corruptShares: 0,
    repaired: false,
    failureTolerance: failureTolerance(shares, 3, domainOf),
  });
}

describe('a file tolerance counted over disks and logins', () => {
  it('counts a disk holding three of a 3-of-5 file\'s shares as the one failure that loses it', () => {
    const shares = { 'folder-1': [0], 'folder-2': [1], 'folder-3': [2], s3: [3], webdav: [4] };
    expect(failureTolerance(shares, 3, disk)).toBe(0);
    expect(summary(shares, disk)).toBe('5 of 5 shares on 5 accounts; survives the loss of any 2 accounts, but not one disk or login failing');
  });

  it('says "failures" when the disk holds fewer shares than a loss needs', () => {
    // 3-of-7 style margin: 2 shares on the disk, 3 on three logins; losing the disk and one login leaves 2 < 3.
    const shares = { 'folder-1': [0], 'folder-2': [1], a: [2], b: [3], c: [4] };
    expect(failureTolerance(shares, 3, disk)).toBe(1);
    expect(summary(shares, disk)).toBe('5 of 5 shares on 5 accounts; survives any 1 failure at once (an account, or a whole disk or login)');
  });

  it('keeps the account words when every holder is independent or no domains are known', () => {
    const shares = { a: [0], b: [1], c: [2], d: [3], e: [4] };
    expect(failureTolerance(shares, 3, disk)).toBeUndefined();
    expect(failureTolerance(shares, 3)).toBeUndefined();
    expect(summary(shares, disk)).toBe('5 of 5 shares on 5 accounts; survives the loss of any 2 accounts');
  });
});
