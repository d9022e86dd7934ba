/** Step 1: what RAIC does, in two sentences a newcomer understands; or, for someone who lost a RAIC, restoring it from the recovery key. */
import { useState } from 'react';
import { RestoreFromKey } from '../settings/RestoreFromKey';
import { WizardNav } from './WizardNav';

export function WelcomeStep({ onNext, onRestored }: { onNext: () => void; onRestored?: () => void }) {
  const [restoring, setRestoring] = useState(false);
  const [restored, setRestored] = useState(false);
  if (restoring) {
    return (
      <>
        <p className="wizard-lead">Bring back the files of a RAIC you lost: add the storage accounts it used, then enter its recovery key.</p>
        <RestoreFromKey onRestored={() => setRestored(true)} />
        {restored ? (
          <WizardNav nextLabel="Go to my files" onNext={() => onRestored?.()} />
        ) : (
          <div className="wizard-nav">
            <button type="button" className="secondary" onClick={() => setRestoring(false)}>
              Back
            </button>
          </div>
        )}
      </>
    );
  }
  return (
    <>
      <p className="wizard-lead">
        RAIC encrypts each of your files on this computer, cuts it into pieces and spreads the pieces over storage accounts you already have: folders, disks and
        cloud storage.
      </p>
      <p className="wizard-lead">
        Only some of the pieces are needed to rebuild a file, so your files survive when an account fails, closes or is lost, and no provider can read them.
      </p>
      <p className="muted">Setting up takes three short steps: where to store, how much protection you want, and saving your recovery key.</p>
      {onRestored && (
        <p className="muted">
          Used RAIC before and lost that computer?{' '}
          <button type="button" className="secondary" onClick={() => setRestoring(true)}>
            Restore from recovery key
          </button>
        </p>
      )}
      <WizardNav onNext={onNext} nextLabel="Start" />
    </>
  );
}
