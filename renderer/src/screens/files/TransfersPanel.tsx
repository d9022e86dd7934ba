/**
 * Transfers: files still being sent from this browser, then the service's
 * jobs storing them (and downloads, re-encoding). A polite live region says
 * how many are done, so screen readers hear progress without a flood of numbers.
 */
import type { Job } from '../../../../shared/api';
import { useApi } from '../../app/ApiContext';
import { ErrorPanel, ProgressBar } from '../../components/common';
import { formatBytes } from '../../../../shared/format-bytes';
import { JobRow } from './JobRow';
import { ActionError, useAction } from './useAction';
import type { SendingBatch } from './useUploads';
import { isFinished, type JobsState } from './useJobs';

/** Enough to see a large folder's progress without an endless page. */
const SHOWN_JOBS = 40;

interface Props {
  jobs: JobsState;
  onReload: () => void;
  batches: SendingBatch[];
  onDismissBatch: (id: number) => void;
}

export function TransfersPanel({ jobs, onReload, batches, onDismissBatch }: Props) {
  const api = useApi();
  const { error, run } = useAction();
  const cancel = (job: Job) => void run(() => api.cancelJob({ id: job.id }));
  const clear = () =>
    void run(async () => {
      await api.clearFinishedJobs({});
      onReload();
    });

  const list = jobs.state === 'ready' ? jobs.jobs : [];
  const finished = list.filter(isFinished).length;
  return (
    <section className="card files-transfers" aria-labelledby="transfers-heading" data-testid="transfers-panel">
      <div className="files-transfers-head">
        <h3 id="transfers-heading">Transfers</h3>
        <p className="muted files-transfers-summary" aria-live="polite" data-testid="transfers-summary">
          {summary(list, batches)}
        </p>
        <button type="button" className="secondary files-small-button" onClick={clear} disabled={finished === 0}>
          Clear finished
        </button>
      </div>
      <ActionError message={error} />
      {batches.length > 0 && (
        <ul className="files-job-list" aria-label="Sending from this browser">
          {batches.map((batch) => (
            <SendingRow key={batch.id} batch={batch} onDismiss={() => onDismissBatch(batch.id)} />
          ))}
        </ul>
      )}
      {jobs.state === 'loading' && <p className="muted">Loading transfers…</p>}
      {jobs.state === 'error' && <ErrorPanel title="RAIC could not list the transfers." message={jobs.message} onRetry={onReload} />}
      {jobs.state === 'ready' && list.length === 0 && batches.length === 0 && <p className="muted">Nothing is being stored or saved right now.</p>}
      {list.length > 0 && (
        <ul className="files-job-list" aria-label="Transfers">
          {list.slice(0, SHOWN_JOBS).map((job) => (
            <JobRow key={job.id} job={job} onCancel={cancel} />
          ))}
        </ul>
      )}
      {list.length > SHOWN_JOBS && <p className="muted">and {list.length - SHOWN_JOBS} more (finished ones go away with Clear finished).</p>}
    </section>
  );
}

/** The browser-side phase: the file's bytes travelling to RAIC before its job exists. */
function SendingRow({ batch, onDismiss }: { batch: SendingBatch; onDismiss: () => void }) {
  const percent = batch.total > 0 ? Math.floor((batch.sent / batch.total) * 100) : 100;
  return (
    <li className="files-job" data-testid="sending-row">
      <div className="files-job-head">
        <span className="files-job-title">
          <span className="muted">Sending</span> {batch.label}
        </span>
        <span className="files-job-state">{batch.error ? 'Failed' : 'Sending'}</span>
        {batch.error && (
          <button type="button" className="secondary files-small-button" onClick={onDismiss}>
            Dismiss
          </button>
        )}
      </div>
      {!batch.error && <ProgressBar value={batch.sent} max={batch.total} label={`Sending ${batch.label}: ${percent}%`} />}
      <div className="files-job-figures muted">
        <span>
          {formatBytes(batch.sent)} of {formatBytes(batch.total)} sent
        </span>
      </div>
      {batch.error && <p className="files-job-error" role="alert">Not all files were sent: {batch.error}</p>}
    </li>
  );
}

function summary(jobs: Job[], batches: SendingBatch[]): string {
  const running = jobs.filter((j) => j.state === 'running').length;
  const waiting = jobs.filter((j) => j.state === 'queued').length;
  const done = jobs.filter((j) => j.state === 'done').length;
  const failed = jobs.filter((j) => j.state === 'failed').length;
  const parts: string[] = [];
  if (batches.some((b) => !b.error)) parts.push('sending files to RAIC');
  if (running) parts.push(`${running} working`);
  if (waiting) parts.push(`${waiting} waiting`);
  if (done) parts.push(`${done} done`);
  if (failed) parts.push(`${failed} failed`);
  if (parts.length === 0) return 'No transfers.';
  const text = parts.join(', ');
  return text.charAt(0).toUpperCase() + text.slice(1) + '.';
}
