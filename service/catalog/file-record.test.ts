import { describe, expect, it } from 'vitest';
import { FileContentSchema, plainlyValid } from './file-record';
import { storeWithVersion } from './versions';
import type { NewFile } from './types';
import { sampleFile } from '../test-support/catalog';
import { useFreshCatalog } from '../test-support/fresh-catalog';

/** Records each one thing away from a valid one: every kind of value zod's schema refuses, and a few it takes. */
function variants(): NewFile[] {
  const base = sampleFile('/a.jpg', 1);
  const change = (overrides: Record<string, unknown>) => ({ ...base, ...overrides }) as NewFile;
  const encoding = (overrides: Record<string, unknown>) => change({ encoding: { ...base.encoding, ...overrides } });
  const placement = (value: unknown) => change({ placements: [value] });
  return [
    base,
    change({ sourceModifiedAt: undefined }),
    change({ sourceModifiedAt: null }),
    change({ verifyCap: null, storageIndex: null, cap: 'URI:LIT:abc', placements: [] }),
    change({ health: 'degraded' }),
    change({ size: -1 }),
    change({ size: 1.5 }),
    change({ size: Number.MAX_SAFE_INTEGER + 2 }),
    change({ size: Number.NaN }),
    change({ size: '100' }),
    change({ cap: 'URI:SSK:x' }),
    change({ cap: 7 }),
    change({ verifyCap: '' }),
    change({ storageIndex: '' }),
    change({ storageIndex: undefined }),
    change({ shareSize: -3 }),
    change({ sourceModifiedAt: -1 }),
    change({ sourceModifiedAt: Infinity }),
    change({ health: 'fine' }),
    change({ placements: 'everywhere' }),
    encoding({ needed: 0 }),
    encoding({ total: 257 }),
    encoding({ needed: 4, happy: 3 }),
    encoding({ happy: 6 }),
    encoding({ segmentSize: 0 }),
    encoding({ segmentSize: 2 ** 60 }),
    encoding({ needed: 2.5 }),
    change({ encoding: null }),
    placement({ accountId: '', shareNumber: 0 }),
    placement({ accountId: 'a', shareNumber: 256 }),
    placement({ accountId: 'a', shareNumber: -1 }),
    placement({ accountId: 'a', shareNumber: 1.5 }),
    placement({ accountId: 3, shareNumber: 1 }),
    placement(null),
  ];
}

describe('the quick check of a new file record', () => {
  it('never accepts a record the schema refuses, and accepts the ordinary valid ones', () => {
    const all = variants();
    for (const file of all) {
      if (plainlyValid(file)) expect(FileContentSchema.safeParse(file).success, JSON.stringify(file)).toBe(true);
    }
    // It is the fast path for what uploads write, so those must pass it.
    expect(all.slice(0, 5).every(plainlyValid)).toBe(true);
    expect(all.slice(5).some(plainlyValid)).toBe(false);
  });
});

describe('the entry an upload gets back', () => {
  const fresh = useFreshCatalog();

  it('is what reading the file back gives, though it is not read back', () => {
    const placements = [
      { accountId: 'acct-c', shareNumber: 2 },
      { accountId: 'acct-a', shareNumber: 0 },
      { accountId: 'acct-a', shareNumber: 0 },
      { accountId: 'acct-b', shareNumber: 1 },
    ];
    for (const file of [sampleFile('/new/a.jpg', 1, { placements }), sampleFile('/new/b.jpg', 2, { sourceModifiedAt: undefined, health: 'degraded' })]) {
      const { entry } = storeWithVersion(fresh.catalog, file);
      expect(entry).toEqual(fresh.catalog.getFileById(entry.id));
    }
    // Replacing a file keeps the old one as a version, and the new entry is still what is stored.
    const { entry, keptVersion } = storeWithVersion(fresh.catalog, sampleFile('/new/a.jpg', 3));
    expect(keptVersion).toBe(true);
    expect(entry).toEqual(fresh.catalog.getFile('/new/a.jpg'));
  });
});
