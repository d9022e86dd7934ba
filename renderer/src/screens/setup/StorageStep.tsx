/**
 * Step 2: where files go. The built-in grid (5 folders on this computer) is
 * already set up, so "continue" is always possible; cloud accounts can be
 * added right here with the same flow as on the Accounts screen.
 */
import { useState } from 'react';
import type { GridStatus } from '../../../../shared/api';
import { AddAccountFlow } from '../accounts/AddAccountFlow';
import { STATUS_LABEL } from '../accounts/AccountList';
import { WizardNav } from './WizardNav';

export type StorageChoice = 'built-in' | 'cloud';

export function StorageStep({
  status,
  choice,
  onChoice,
  onBack,
  onNext,
}: {
  status: GridStatus;
  choice: StorageChoice;
  onChoice: (choice: StorageChoice) => void;
  onBack: () => void;
  onNext: () => void;
}) {
  const [adding, setAdding] = useState(true);
  const [added, setAdded] = useState<string>();
  // A filled, unsaved account form is never dropped silently: Next asks first.
  const [filled, setFilled] = useState(false);
  const [confirmLeaving, setConfirmLeaving] = useState(false);
  const unsaved = choice === 'cloud' && adding && filled;

  function next() {
    if (unsaved) setConfirmLeaving(true);
    else onNext();
  }
  return (
    <>
      <fieldset className="choice-group">
        <legend>Where should RAIC keep your files?</legend>
        <label className="choice">
          <input type="radio" name="storage" value="built-in" checked={choice === 'built-in'} onChange={() => onChoice('built-in')} />
          <span>
            <strong>Start with the built-in grid</strong>
            <span className="choice-detail">
              5 folders on this computer, already set up. Good for trying RAIC: it survives a damaged folder, not the loss of this computer. You can add cloud
              accounts later under Accounts.
            </span>
          </span>
        </label>
        <label className="choice">
          <input type="radio" name="storage" value="cloud" checked={choice === 'cloud'} onChange={() => onChoice('cloud')} />
          <span>
            <strong>Add cloud accounts now</strong>
            <span className="choice-detail">Amazon S3, Backblaze, Wasabi, Nextcloud, an SFTP server, a USB disk… Each independent account makes your files safer.</span>
          </span>
        </label>
      </fieldset>
      {choice === 'cloud' && (
        <div className="wizard-accounts">
          <h3>Your accounts ({status.accounts.length})</h3>
          <ul className="wizard-account-list">
            {status.accounts.map((account) => (
              <li key={account.id}>
                <span className={`status-dot status-${account.status}`} aria-hidden="true" /> {account.name}{' '}
                <span className="muted">— {STATUS_LABEL[account.status]}</span>
              </li>
            ))}
          </ul>
          {added && (
            <p className="notice" role="status">
              {added}
            </p>
          )}
          {adding ? (
            <AddAccountFlow
              onFilledChange={(isFilled) => {
                setFilled(isFilled);
                if (!isFilled) setConfirmLeaving(false);
              }}
              onAdded={(account) => {
                setFilled(false);
                setConfirmLeaving(false);
                setAdded(`“${account.name}” was added. Add another, or go on to the next step.`);
                setAdding(false);
              }}
            />
          ) : (
            <button type="button" className="secondary" onClick={() => setAdding(true)}>
              Add another account
            </button>
          )}
        </div>
      )}
      {unsaved && confirmLeaving && (
        <div className="notice wizard-unsaved" role="alertdialog" aria-labelledby="wizard-unsaved-title" data-testid="wizard-unsaved">
          <p id="wizard-unsaved-title">
            <strong>The account you filled in is not saved yet.</strong> Save it first (“Save account”), or go on without it: what you typed is then
            dropped.
          </p>
          <div className="form-actions">
            <button type="button" onClick={() => setConfirmLeaving(false)}>
              Stay and save it
            </button>
            <button type="button" className="secondary" onClick={onNext}>
              Go on without it
            </button>
          </div>
        </div>
      )}
      <WizardNav onBack={onBack} onNext={next} />
    </>
  );
}
