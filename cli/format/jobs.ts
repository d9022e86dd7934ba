/** Background jobs as text: the `raic jobs` table and the one-line progress `raic upload` prints. */
import type { Job } from '../../shared/api';
import { formatBytes } from '../../shared/format-bytes';
import { formatRate } from './bytes';
import { renderTable } from './table';
import { formatDuration } from './time';

/** How many characters of a job id the table shows; `raic jobs cancel` takes any unique prefix. */
export const SHORT_ID_LENGTH = 8;

export function percentDone(job: Pick<Job, 'doneBytes' | 'totalBytes' | 'state'>): number | null {
  if (job.state === 'done') return 100;
  if (!job.totalBytes) return null;
  return Math.min(100, Math.floor((job.doneBytes / job.totalBytes) * 100));
}

export function formatJobTable(jobs: readonly Job[]): string {
  if (jobs.length === 0) return 'No jobs.\n';
  const rows = jobs.map((job) => {
    const percent = percentDone(job);
    return [
      job.id.slice(0, SHORT_ID_LENGTH),
      job.state,
      (percent === null ? formatBytes(job.doneBytes) : `${percent}%`) + (job.files ? ` ${job.files.done}/${job.files.total} files` : ''),
      job.rateBytesPerSec === null ? '' : formatRate(job.rateBytesPerSec),
      job.etaSeconds === null ? '' : formatDuration(job.etaSeconds),
      job.error ? `${job.title} (${job.error})` : job.title,
    ];
  });
  return renderTable(rows, { header: ['ID', 'STATE', 'DONE', 'RATE', 'ETA', 'JOB'], alignRight: [2, 3, 4] });
}

/** "holiday.jpg 45% 12.3 MB/s ETA 4s": the file's name (from the job title), then whatever is known. */
export function formatProgressLine(job: Job): string {
  const name = job.title.split('/').pop() || job.title;
  const percent = percentDone(job);
  const parts = [name, percent === null ? formatBytes(job.doneBytes) : `${percent}%`];
  if (job.state === 'queued') parts.push('waiting');
  if (job.files) parts.push(`${job.files.done}/${job.files.total} files`);
  if (job.rateBytesPerSec !== null) parts.push(formatRate(job.rateBytesPerSec));
  if (job.etaSeconds !== null) parts.push(`ETA ${formatDuration(job.etaSeconds)}`);
  return parts.join(' ');
}
