/**
 * Pauses or resumes all background work (uploads, repairs, checks), e.g. on a
 * metered connection. Running jobs stop where they are and resume later.
 */
import { useEffect, useState } from 'react';
import { useApi } from '../../app/ApiContext';

export function PauseToggle({ paused, onChanged }: { paused: boolean; onChanged: () => void }) {
  const api = useApi();
  // The service's answer is shown at once; the status reload that follows confirms it.
  const [shown, setShown] = useState<boolean>();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string>();
  const isPaused = shown ?? paused;
  // A change made elsewhere (the tray, the CLI) arrives as a new prop and wins.
  useEffect(() => setShown(undefined), [paused]);

  const toggle = async () => {
    setBusy(true);
    setError(undefined);
    try {
      const answer = await api.setPaused({ paused: !isPaused });
      setShown(answer.paused);
      onChanged();
    } catch (e) {
      setError((e as Error).message);
    } finally {
      setBusy(false);
    }
  };

  return (
    <div className="settings-pause">
      <p role="status" data-testid="pause-state">
        {isPaused
          ? 'Background work is paused: uploads, repairs and checks wait until you resume.'
          : 'Background work is running: uploads, repairs and checks happen by themselves.'}
      </p>
      <button type="button" className={isPaused ? undefined : 'secondary'} disabled={busy} onClick={() => void toggle()}>
        {isPaused ? 'Resume background work' : 'Pause background work'}
      </button>
      {error && (
        <p className="form-error" role="alert">
          {error}
        </p>
      )}
    </div>
  );
}
