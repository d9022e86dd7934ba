/**
 * Adding an account, start to end: pick the provider, then fill in, test and
 * save its form. Used by the Accounts screen and, inline, by the setup wizard.
 */
import { useState } from 'react';
import type { AccountSummary } from '../../../../shared/api';
import { AddAccountForm } from './AddAccountForm';
import type { ProviderChoice } from './providerChoices';
import { ProviderPicker } from './ProviderPicker';
import { SignIn } from './SignIn';
import './accounts.css';

export function AddAccountFlow({
  onAdded,
  onCancel,
  onFilledChange,
}: {
  onAdded: (account: AccountSummary) => void;
  onCancel?: () => void;
  /** Told whether a form holds something typed and not saved yet. */
  onFilledChange?: (filled: boolean) => void;
}) {
  const [choice, setChoice] = useState<ProviderChoice>();
  return (
    <div className="add-account-flow">
      <ol className="mini-steps" aria-label="Steps to add an account">
        <li aria-current={choice ? undefined : 'step'}>Choose the provider</li>
        <li aria-current={choice ? 'step' : undefined}>Fill in, test and save</li>
      </ol>
      {choice?.signIn ? (
        <SignIn key={choice.key} remoteType={choice.signIn} onBack={() => setChoice(undefined)} onAdded={onAdded} />
      ) : choice ? (
        // The key gives each provider a fresh form: values of one provider mean nothing to another.
        <AddAccountForm
          key={choice.key}
          choice={choice}
          onBack={() => {
            onFilledChange?.(false);
            setChoice(undefined);
          }}
          onAdded={onAdded}
          onFilledChange={onFilledChange}
        />
      ) : (
        <>
          <ProviderPicker onPick={setChoice} />
          {onCancel && (
            <div className="form-actions">
              <button type="button" className="secondary" onClick={onCancel}>
                Cancel
              </button>
            </div>
          )}
        </>
      )}
    </div>
  );
}
