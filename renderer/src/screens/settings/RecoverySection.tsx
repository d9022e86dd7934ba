/**
 * Section 5: the recovery key. It is the one thing that brings the files back
 * if this computer is lost, and anyone holding it can read them, so it is
 * only shown after the user says nobody is looking.
 */
import { useState } from 'react';
import type { z } from 'zod';
import type { RecoveryKeyExportSchema } from '../../../../shared/api';
import { useApi } from '../../app/ApiContext';
import { Dialog } from '../../components/common';
import { RecoveryWords } from './RecoveryWords';
import { RestoreFromKey } from './RestoreFromKey';

type RecoveryKey = z.infer<typeof RecoveryKeyExportSchema>;

const FILE_NAME = 'raic-recovery-key.txt';

/** Hands the key file to the browser's (or Electron's) download handling; the object URL is freed right after. */
function saveAsFile(text: string): void {
  const url = URL.createObjectURL(new Blob([text], { type: 'text/plain' }));
  const link = document.createElement('a');
  link.href = url;
  link.download = FILE_NAME;
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

export function RecoverySection() {
  const api = useApi();
  const [confirming, setConfirming] = useState(false);
  const [key, setKey] = useState<RecoveryKey>();
  const [shown, setShown] = useState(false);
  const [error, setError] = useState<string>();
  const [restoring, setRestoring] = useState(false);

  // Fetched only when asked for, and kept only while this screen is open.
  const load = async (): Promise<RecoveryKey | undefined> => {
    if (key) return key;
    setError(undefined);
    try {
      const answer = await api.getRecoveryKey({});
      setKey(answer);
      return answer;
    } catch (e) {
      setError(`RAIC could not read the recovery key: ${(e as Error).message}`);
      return undefined;
    }
  };

  const reveal = async () => {
    setConfirming(false);
    if (await load()) setShown(true);
  };

  return (
    <section className="card settings-section" aria-labelledby="settings-recovery">
      <h3 id="settings-recovery">Recovery key</h3>
      <p className="settings-intro">
        Your recovery key is 18 words that unlock your files and the list of them. If this computer is lost, RAIC on another computer brings everything
        back from your accounts with these words and the sign-in details of your accounts.
      </p>
      <p className="settings-warning">
        <strong>Keep it secret and keep it safe.</strong> Anyone who has it and can reach your accounts can read all your files; without it, nobody (not
        even you) can recover them after losing this computer. Write it on paper or store the file somewhere offline.
      </p>
      <div className="settings-actions">
        {shown ? (
          <button type="button" className="secondary" onClick={() => setShown(false)}>
            Hide recovery key
          </button>
        ) : (
          <button type="button" onClick={() => setConfirming(true)}>
            Show recovery key…
          </button>
        )}
        <button
          type="button"
          className="secondary"
          onClick={() =>
            void load().then((answer) => {
              if (answer) saveAsFile(answer.fileText);
            })
          }
        >
          Download as file
        </button>
        <button type="button" className="secondary" onClick={() => setRestoring(true)}>
          Restore from recovery key…
        </button>
      </div>
      {error && (
        <p className="form-error" role="alert">
          {error}
        </p>
      )}
      {shown && key && (
        <div className="settings-key">
          <RecoveryWords words={key.words} />
          <p className="settings-hint">
            When RAIC asks for them, the first 4 letters of each word are enough. Key id {key.keyId}: the key file shows the same id, so you can tell
            which key belongs to this RAIC (the id itself is not secret).
          </p>
        </div>
      )}
      <Dialog title="Restore from recovery key" open={restoring} onClose={() => setRestoring(false)}>
        <p className="settings-hint">
          Brings back the list of files of a RAIC you lost (another computer, or this one before a reinstall). Files already listed here stay as they are.
        </p>
        {restoring && <RestoreFromKey />}
        <div className="settings-actions">
          <button type="button" className="secondary" onClick={() => setRestoring(false)}>
            Close
          </button>
        </div>
      </Dialog>
      <Dialog title="Show the recovery key?" open={confirming} onClose={() => setConfirming(false)}>
        <p>The 18 words will appear on screen. Anyone who sees them can read your files.</p>
        <p>Check that nobody is watching and that your screen is not being shared or recorded.</p>
        <div className="settings-actions">
          <button type="button" onClick={() => void reveal()}>
            Show the words
          </button>
          <button type="button" className="secondary" onClick={() => setConfirming(false)}>
            Cancel
          </button>
        </div>
      </Dialog>
    </section>
  );
}
