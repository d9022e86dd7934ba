/**
 * "N files use the old encoding: Re-encode", on the dashboard and the Files
 * screen until every stored file uses the grid's encoding. It reads the
 * service's state (getReencodeStatus) each time it is shown and when a
 * re-encode job starts or ends, never a remembered click, so it survives
 * leaving the screen, reloading the page and restarting RAIC, and the
 * button cannot queue a file twice (startReencode skips files in a job).
 */
import { useEffect, useRef, useState } from 'react';
import { useApi, useServiceEvents } from '../app/ApiContext';
import { routeHref } from '../app/routes';
import { useResource } from '../app/useResource';
import { formatBytes } from '../../../shared/format-bytes';
import './reencode-notice.css';

const RELOAD_AFTER_MS = 700;

export function ReencodeNotice() {
  const api = useApi();
  const status = useResource(() => api.getReencodeStatus({}), [api]);
  const [busy, setBusy] = useState(false);
  const [answer, setAnswer] = useState<{ ok: boolean; text: string } | null>(null);
  const timer = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);
  const reloadRef = useRef(status.reload);
  reloadRef.current = status.reload;
  // A re-encode job starting, ending or failing changes the counts; its progress events do not.
  useServiceEvents(['job', 'stream-reconnecting'], (event) => {
    if (event.type === 'job' && (event.job.kind !== 'reencode' || event.job.state === 'running')) return;
    if (timer.current) return;
    timer.current = setTimeout(() => {
      timer.current = undefined;
      void reloadRef.current();
    }, RELOAD_AFTER_MS);
  });
  useEffect(() => () => clearTimeout(timer.current), []);

  if (status.state !== 'ready') return null;
  const { oldFiles, oldBytes, reencoding, failed, encoding } = status.value;
  const files = (n: number) => `${n} ${n === 1 ? 'file' : 'files'}`;
  const newWay = `${encoding.needed}-of-${encoding.total}`;
  if (oldFiles === 0 && reencoding === 0) {
    // Started from this notice and finished while it was shown: say so once, rather than vanishing mid-sentence.
    if (!answer?.ok) return null;
    return (
      <div className="reencode-notice" role="region" aria-label="Re-encoding" data-testid="reencode-notice">
        <p role="status">Re-encoding is done: every stored file now uses {newWay}.</p>
      </div>
    );
  }

  const start = async () => {
    setBusy(true);
    setAnswer(null);
    try {
      const result = await api.startReencode({});
      setAnswer({ ok: true, text: result.message });
      await status.reload();
    } catch (failure) {
      setAnswer({ ok: false, text: (failure as Error).message });
    } finally {
      setBusy(false);
    }
  };

  return (
    <div className="reencode-notice" role="region" aria-label="Re-encoding" data-testid="reencode-notice">
      {reencoding > 0 ? (
        <p role="status">
          Re-encoding: {files(reencoding)} left to store again as {newWay}. Your files stay readable meanwhile;{' '}
          <a href={routeHref('files')}>progress is in Transfers</a>.
        </p>
      ) : (
        <>
          <p>
            <strong>{files(oldFiles)} use the old encoding</strong> ({formatBytes(oldBytes)}). New files are stored {newWay}; re-encoding stores these the same way. They stay readable
            either way.
            {failed > 0 && ` Re-encoding ${files(failed)} failed last time; the button tries again.`}
          </p>
          <button type="button" className="secondary small" disabled={busy} onClick={() => void start()}>
            {busy ? 'Starting…' : `Re-encode ${files(oldFiles)}`}
          </button>
        </>
      )}
      {answer && (
        <p className={answer.ok ? 'muted' : 'form-error'} role={answer.ok ? undefined : 'alert'}>
          {answer.text}
        </p>
      )}
    </div>
  );
}
