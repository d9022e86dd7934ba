import { expect, it } from 'vitest';
import type { Job } from '../../shared/api';
import { formatJobTable, formatProgressLine } from './jobs';

const job = (changes: Partial<Job>): Job => ({
  id: '045b1ecf-0000-4000-8000-000000000000',
  kind: 'upload',
  title: 'Upload /Photos/holiday.jpg',
  state: 'running',
  totalBytes: 2000,
  doneBytes: 900,
  rateBytesPerSec: 12_300_000,
  etaSeconds: 4,
  error: null,
  result: null,
  attempts: 1,
  createdAt: 0,
  startedAt: 0,
  finishedAt: null,
  ...changes,
});

it('prints a progress line per file', () => {
  expect(formatProgressLine(job({}))).toBe('holiday.jpg 45% 12 MiB/s ETA 4s');
  expect(formatProgressLine(job({ totalBytes: null, rateBytesPerSec: null, etaSeconds: null, state: 'queued' }))).toBe('holiday.jpg 900 B waiting');
});

it('lists jobs with short ids, progress and errors', () => {
  const table = formatJobTable([job({}), job({ id: 'ffffffff-1', state: 'failed', error: 'no accounts online', rateBytesPerSec: null, etaSeconds: null })]);
  expect(table).toBe(
    'ID        STATE    DONE      RATE  ETA  JOB\n' +
      '045b1ecf  running   45%  12 MiB/s   4s  Upload /Photos/holiday.jpg\n' +
      'ffffffff  failed    45%                 Upload /Photos/holiday.jpg (no accounts online)\n',
  );
  expect(formatJobTable([])).toBe('No jobs.\n');
});
