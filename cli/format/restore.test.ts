import { expect, it } from 'vitest';
import { formatRestoreFailures, formatRestoreProgress, formatRestoreSummary } from './restore';

it('shows progress in files and bytes, with rate and time left once known', () => {
  const base = { filesDone: 12, filesTotal: 40, bytesDone: 3 * 2 ** 20, bytesTotal: 9.5 * 2 ** 20, current: '/a' };
  expect(formatRestoreProgress({ ...base, rate: null, filesRate: null, etaSeconds: null })).toBe('12/40 files, 3.0 MiB of 9.5 MiB');
  expect(formatRestoreProgress({ ...base, rate: 4.2 * 2 ** 20, filesRate: 35.4, etaSeconds: 125 })).toBe('12/40 files (35 files/s), 3.0 MiB of 9.5 MiB, 4.2 MiB/s, 2m 05s left');
  expect(formatRestoreProgress({ ...base, rate: 4.2 * 2 ** 20, filesRate: 2.25, etaSeconds: 125 })).toBe('12/40 files (2.3 files/s), 3.0 MiB of 9.5 MiB, 4.2 MiB/s, 2m 05s left');
});

it('sums up what was restored, skipped and kept, and lists what could not be read', () => {
  const result = { folder: '/P', destination: '/home/me/P', filesTotal: 5, bytesTotal: 100, restored: 2, bytesRestored: 2048, identical: 1, keptDifferent: 1, failed: [{ path: '/P/x.jpg', error: 'not enough shares' }] };
  expect(formatRestoreSummary(result)).toBe('Restored 2 of 5 files (2.0 KiB) into /home/me/P.\n1 already there and identical: left as they were.\n1 different at the destination: kept (--skip).\n');
  expect(formatRestoreFailures(result)).toMatch(/^1 file could not be restored \(the others were\):\n {2}\/P\/x\.jpg: not enough shares\n/);
  expect(formatRestoreFailures({ ...result, failed: [] })).toBe('');
});
