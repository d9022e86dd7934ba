import { expect, it } from 'vitest';
import { measuredRows, type Measured } from './measuredSplit';

const measured: Measured = { files: 3000, versions: 200, trash: 100, catalogBackups: 50, orphans: 0, unreferenced: 0, total: 3350, shareCount: 12, measuredAt: 1 };

it('lists the five parts of what RAIC stores, and what is being freed only when there is some', () => {
  expect(measuredRows(measured).map((r) => [r.label, r.bytes])).toEqual([
    ['Files', 3000],
    ['Earlier versions', 200],
    ['Trash', 100],
    ['Catalog backups', 50],
    ['Left over (orphans)', 0],
  ]);
  expect(measuredRows({ ...measured, unreferenced: 700 }).at(-1)).toEqual({ key: 'unreferenced', label: 'Being freed', bytes: 700 });
});
