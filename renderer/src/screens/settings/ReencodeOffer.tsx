/**
 * After a new encoding is saved, files already stored keep the old one. This
 * says what re-encoding them would cost (bytes read and written again, and
 * the change in space) and queues it only after the user confirms.
 */
import { useState } from 'react';
import type { z } from 'zod';
import type { SetEncodingResultSchema } from '../../../../shared/api';
import { routeHref } from '../../app/routes';
import { Dialog } from '../../components/common';
import { formatBytes } from '../../../../shared/format-bytes';
import { encodingName, plural } from './words';

export type SetEncodingResult = z.infer<typeof SetEncodingResultSchema>;

interface Props {
  result: SetEncodingResult;
  onReencode: () => Promise<SetEncodingResult>;
}

function spaceChange(bytes: number): string {
  if (Math.abs(bytes) < 1) return 'the same space as now';
  return `${formatBytes(Math.abs(bytes))} ${bytes > 0 ? 'more' : 'less'} space on your accounts`;
}

export function ReencodeOffer({ result, onReencode }: Props) {
  const [confirming, setConfirming] = useState(false);
  const [state, setState] = useState<{ kind: 'idle' | 'working' } | { kind: 'queued'; jobs: number; message: string } | { kind: 'error'; message: string }>({ kind: 'idle' });
  const files = plural(result.filesWithOtherEncoding, 'stored file');
  const cost = `RAIC will read ${formatBytes(result.bytesToReencode)} and store it again as ${encodingName(result.encoding)}; when it is done your files take ${spaceChange(result.storedBytesChange)}.`;

  const confirm = async () => {
    setConfirming(false);
    setState({ kind: 'working' });
    try {
      const answer = await onReencode();
      setState({ kind: 'queued', jobs: answer.jobs.length, message: answer.message });
    } catch (error) {
      setState({ kind: 'error', message: (error as Error).message });
    }
  };

  if (state.kind === 'queued') {
    return (
      <div className="settings-notice" role="status" data-testid="reencode-queued">
        <p>
          Queued {plural(state.jobs, 're-encoding job')}. {state.message}
        </p>
        <p>
          They run in the background; watch them on the <a href={routeHref('files')}>Files screen</a>.
        </p>
      </div>
    );
  }
  return (
    <div className="settings-notice" data-testid="reencode-offer">
      <p>
        {files} still use the old way of splitting. New files use {encodingName(result.encoding)}; the old ones stay readable as they are.
      </p>
      <p className="settings-hint">{cost}</p>
      <button type="button" onClick={() => setConfirming(true)} disabled={state.kind === 'working'}>
        {state.kind === 'working' ? 'Queuing…' : 'Re-encode existing files…'}
      </button>
      {state.kind === 'error' && (
        <p className="form-error" role="alert">
          {state.message}
        </p>
      )}
      <Dialog title="Re-encode existing files?" open={confirming} onClose={() => setConfirming(false)}>
        <p>
          {files} will be split again as {encodingName(result.encoding)}.
        </p>
        <p>{cost}</p>
        <p className="settings-hint">It runs in the background and can be paused; your files stay readable the whole time.</p>
        <div className="settings-actions">
          <button type="button" onClick={() => void confirm()}>
            Re-encode {files}
          </button>
          <button type="button" className="secondary" onClick={() => setConfirming(false)}>
            Not now
          </button>
        </div>
      </Dialog>
    </div>
  );
}
