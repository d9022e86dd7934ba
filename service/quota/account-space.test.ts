import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { storedBytesOfShares } from '../../engine/storage/lease-collection';
import { LocalFolderStorageServer, shareFileBytes } from '../../engine/storage/local';
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
    space.noteWritten('usb', 300, 3);
    for (let file = 0; file < 500; file++) expect(space.roomOf('usb')?.roomBytes).toBe(700);
    expect(readings).toBe(1);
    // Read again once the reading is old: the catalog (empty here) is the truth again.
    clock += STORED_BYTES_MAX_AGE_MS;
    expect(space.roomOf('usb')?.roomBytes).toBe(1000);
    expect(readings).toBe(2);
    expect(space.roomOf('unknown')).toBeUndefined();
  });

  it('counts a local folder\'s shares as their files take the disk, trailers included', async () => {
    const root = await mkdtemp(path.join(tmpdir(), 'raic-space-'));
    try {
      const catalog = fresh.catalog;
      // Three shares of 100 bytes on the folder, as the catalog records them.
      catalog.accountTotals = () => new Map([['usb', { files: 1, shares: 3, bytes: 300 }]]);
      const server = new LocalFolderStorageServer({ serverId: 'usb', nickname: 'USB disk', root, sizeLimitBytes: 2000 });
      const account = { id: 'usb', name: 'USB disk', sizeLimitBytes: 2000 } as AccountConfig;
      const space = uploadSpace({
        quotas: new QuotaBook(),
        catalog,
        accounts: () => [account],
        sources: () => [],
        storedBytesOfShares: (_accountId, bytes, shares) => storedBytesOfShares(server, bytes, shares),
      });
      expect(space.roomOf('usb')?.roomBytes).toBe(2000 - 3 * shareFileBytes(100));
      // What an upload notes until the next catalog read counts the same way.
      space.noteWritten('usb', 200, 2);
      expect(space.roomOf('usb')?.roomBytes).toBe(2000 - 5 * shareFileBytes(100));
    } finally {
      await rm(root, { recursive: true, force: true });
    }
  });
});
