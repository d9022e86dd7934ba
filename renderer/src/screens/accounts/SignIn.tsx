/**
 * Adding a cloud by signing in with it: name the account, press "Sign in
 * with …", open the page RAIC shows (it leads to the provider's own sign-in),
 * and RAIC saves the account once the sign-in is done and its connection
 * test passes. The sign-in itself is rclone's; the page never sees a token.
 */
import { useEffect, useRef, useState, type FormEvent } from 'react';
import { SIGN_IN_PROVIDER_NAMES, type AccountSummary, type SignInRemoteType } from '../../../../shared/api';
import { useApi } from '../../app/ApiContext';

type Step = { kind: 'ready' } | { kind: 'starting' } | { kind: 'waiting'; signInId: string; url: string } | { kind: 'failed'; message: string };

export function SignIn({ remoteType, onBack, onAdded }: { remoteType: SignInRemoteType; onBack: () => void; onAdded: (account: AccountSummary) => void }) {
  const api = useApi();
  const provider = SIGN_IN_PROVIDER_NAMES[remoteType];
  const [name, setName] = useState(provider);
  const [step, setStep] = useState<Step>({ kind: 'ready' });
  const waitingFor = useRef<string | undefined>(undefined);

  // Leaving the form while a sign-in waits cancels it (rclone's sign-in page would otherwise wait for minutes).
  useEffect(
    () => () => {
      if (waitingFor.current) void api.cancelSignIn({ signInId: waitingFor.current }).catch(() => undefined);
    },
    [api],
  );

  async function start(event: FormEvent) {
    event.preventDefault();
    if (!name.trim()) {
      setStep({ kind: 'failed', message: 'Give the account a name.' });
      return;
    }
    setStep({ kind: 'starting' });
    try {
      const started = await api.startSignIn({ remoteType });
      waitingFor.current = started.signInId;
      setStep({ kind: 'waiting', signInId: started.signInId, url: started.url });
      const account = await api.finishSignIn({ signInId: started.signInId, name: name.trim() });
      waitingFor.current = undefined;
      onAdded(account);
    } catch (error) {
      waitingFor.current = undefined;
      setStep({ kind: 'failed', message: error instanceof Error ? error.message : String(error) });
    }
  }

  async function cancel(signInId: string) {
    waitingFor.current = undefined;
    await api.cancelSignIn({ signInId }).catch(() => undefined);
  }

  return (
    <form className="account-form sign-in" onSubmit={(event) => void start(event)} aria-label={`Sign in with ${provider}`}>
      <h3>{provider}</h3>
      <label>
        Account name
        <input value={name} onChange={(event) => setName(event.target.value)} disabled={step.kind === 'starting' || step.kind === 'waiting'} />
      </label>
      {step.kind === 'waiting' ? (
        <div role="status" className="sign-in-waiting">
          <p>
            Open{' '}
            <a href={step.url} target="_blank" rel="noreferrer" data-testid="sign-in-link">
              the {provider} sign-in page
            </a>{' '}
            in a browser on this computer and sign in there. RAIC waits here, then tests the connection and saves the account.
          </p>
          <p className="hint">If the link does not open, copy this address into your browser: {step.url}</p>
          <button type="button" className="secondary" onClick={() => void cancel(step.signInId)}>
            Cancel sign-in
          </button>
        </div>
      ) : (
        <div className="form-actions">
          <button type="button" className="secondary" onClick={onBack}>
            Back
          </button>
          <button type="submit" disabled={step.kind === 'starting'}>
            Sign in with {provider}
          </button>
        </div>
      )}
      {step.kind === 'failed' && (
        <p role="alert" className="form-error">
          {step.message}
        </p>
      )}
    </form>
  );
}
