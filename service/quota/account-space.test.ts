import { describe, expect, it } from 'vitest';
import type { AccountConfig } from '../grid-config';
import { useFreshCatalog } from '../test-support/fresh-catalog';
import { uploadSpace, STORED_BYTES_MAX_AGE_MS } from './account-space';
import { QuotaBook } from './quota-book';

describe('uploadSpace, the room under an account limit', () => {
  const fresh = useFreshCatalog();

  it('reads the catalog\'s bytes per account at most every few seconds, adding what uploads noted since', () => {
    let clock = 1_000_000;
    const catalog = fresh.catalog;
    let readings = 0;
    const accountTotals = catalog.accountTotals.bind(catalog);
    catalog.accountTotals = () => {
      readings++;
      return accountTotals();
    };
    const account = { id: 'usb', name: 'USB disk', sizeLimitBytes: 1000 } as AccountConfig;
    const space = uploadSpace({ quotas: new QuotaBook(() => clock), catalog, accounts: () => [account], sources: () => [], now: () => clock });
    expect(space.roomOf('usb')).toEqual({ name: 'USB disk', roomBytes: 1000 });
    space.noteWritten('usb', 300);
    for (let file = 0; file < 500; file++) expect(space.roomOf('usb')?.roomBytes).toBe(700);
    expect(readings).toBe(1);
    // Read again once the reading is old: the catalog (empty here) is the truth again.
    clock += STORED_BYTES_MAX_AGE_MS;
    expect(space.roomOf('usb')?.roomBytes).toBe(1000);
    expect(readings).toBe(2);
    expect(space.roomOf('unknown')).toBeUndefined();
  });
});
