import { expect, it } from 'vitest';
import { renderTable } from './table';

it('pads columns to their widest cell, aligns numbers right and leaves no trailing spaces', () => {
  const text = renderTable(
    [
      ['USB', '1.2 MB', 'online'],
      ['Backblaze B2', '12 kB', ''],
    ],
    { header: ['NAME', 'USED', 'STATUS'], alignRight: [1] },
  );
  expect(text).toBe('NAME            USED  STATUS\nUSB           1.2 MB  online\nBackblaze B2   12 kB\n');
  expect(renderTable([])).toBe('');
  expect(renderTable([['é', 'x']], { header: ['AB', 'C'] })).toBe('AB  C\né   x\n');
});
