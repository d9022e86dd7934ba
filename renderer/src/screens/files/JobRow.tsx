/** One job in the transfers panel: what it is, how far along, and Cancel while it can be stopped. */
import type { Job } from '../../../../shared/api';
import { ProgressBar, formatDuration } from '../../components/common';
import { formatBytes } from '../../../../shared/format-bytes';

const STATE_WORDS: Record<Job['state'], string> = {
  queued: 'Waiting',
  running: 'Working',
  done: 'Done',
  failed: 'Failed',
  cancelled: 'Cancelled',
};

const KIND_WORDS: Record<string, string> = { upload: 'Storing', download: 'Saving', reencode: 'Re-encoding', restore: 'Restoring' };

export function jobPercent(job: Job): number {
  if (job.state === 'done') return 100;
  if (!job.totalBytes) return 0;
  return Math.min(100, Math.floor((job.doneBytes / job.totalBytes) * 100));
}

export function JobRow({ job, onCancel }: { job: Job; onCancel: (job: Job) => void }) {
  const percent = jobPercent(job);
  const active = job.state === 'queued' || job.state === 'running';
  const title = job.title.replace(/^(Upload|Download|Re-encode) /, '');
  return (
    <li className={`files-job files-job-${job.state}`} data-testid="job-row" data-state={job.state}>
      <div className="files-job-head">
        <span className="files-job-title" title={job.title}>
          <span className="muted">{KIND_WORDS[job.kind] ?? job.kind}</span> {title}
        </span>
        <span className={`files-job-state files-job-state-${job.state}`} data-testid="job-state">
          {STATE_WORDS[job.state]}
        </span>
        {active && (
          <button type="button" className="secondary files-small-button" onClick={() => onCancel(job)} aria-label={`Cancel ${job.title}`}>
            Cancel
          </button>
        )}
      </div>
      {job.state !== 'failed' && job.state !== 'cancelled' && <ProgressBar value={percent} max={100} label={`${job.title}: ${percent}%`} />}
      <div className="files-job-figures muted">
        {job.state !== 'failed' && job.state !== 'cancelled' && <span data-testid="job-percent">{percent}%</span>}
        {job.state === 'running' && job.files && (
          <span data-testid="job-files">
            {job.files.done} of {job.files.total} files{job.files.perSecond !== null && job.files.perSecond >= 1 ? `, ${Math.round(job.files.perSecond)} a second` : ''}
          </span>
        )}
        {job.totalBytes !== null && <span>{formatBytes(job.totalBytes)}</span>}
        {job.state === 'running' && job.rateBytesPerSec !== null && <span>{formatBytes(job.rateBytesPerSec)}/s</span>}
        {job.state === 'running' && job.etaSeconds !== null && <span>about {formatDuration(job.etaSeconds)} left</span>}
        {job.attempts > 1 && active && <span>try {job.attempts}</span>}
      </div>
      {job.error && (
        <p className="files-job-error">
          {job.state === 'cancelled' ? 'Stopped: ' : 'It did not finish: '}
          {job.error}
        </p>
      )}
    </li>
  );
}
