/**
 * The desktop app's way to the encrypted secrets file, where no terminal can
 * ask for its passphrase: unlock it when it exists, or, on a computer without
 * a usable keychain, create it (the user's explicit choice, passphrase typed
 * twice). The passphrase goes to the service once and is never shown.
 */
import { useId, useState, type FormEvent } from 'react';
import type { GridStatus } from '../../../../shared/api';
import { useApi } from '../../app/ApiContext';

export function UnlockSecretsForm({ store, onChanged }: { store: GridStatus['secretStore']; onChanged: () => void }) {
  const api = useApi();
  const id = useId();
  const creating = store.kind === 'none';
  const [passphrase, setPassphrase] = useState('');
  const [again, setAgain] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string>();

  async function submit(event: FormEvent) {
    event.preventDefault();
    if (creating && passphrase !== again) {
      setError('The two passphrases differ; type the same one twice.');
      return;
    }
    setBusy(true);
    setError(undefined);
    try {
      await api.unlockSecrets({ passphrase, create: creating });
      setPassphrase('');
      setAgain('');
      onChanged();
    } catch (failure) {
      setError((failure as Error).message.replace(/^passphrase: /, ''));
    } finally {
      setBusy(false);
    }
  }

  return (
    <form className="unlock-secrets" onSubmit={(event) => void submit(event)} aria-labelledby={`${id}-title`}>
      <strong id={`${id}-title`}>{creating ? 'Keep them in an encrypted file instead' : 'Unlock the secrets file'}</strong>
      {creating && (
        <span className="settings-hint">
          RAIC then keeps your accounts’ passwords and keys in a file in the data folder, encrypted with a passphrase you choose (at least 12 characters).
          You will type it each time RAIC starts; without it the accounts cannot be opened.
        </span>
      )}
      <label htmlFor={`${id}-passphrase`}>Passphrase</label>
      <input id={`${id}-passphrase`} type="password" autoComplete={creating ? 'new-password' : 'current-password'} value={passphrase} onChange={(e) => setPassphrase(e.target.value)} />
      {creating && (
        <>
          <label htmlFor={`${id}-again`}>The same passphrase again</label>
          <input id={`${id}-again`} type="password" autoComplete="new-password" value={again} onChange={(e) => setAgain(e.target.value)} />
        </>
      )}
      {error && (
        <span className="form-error" role="alert">
          {error}
        </span>
      )}
      <button type="submit" disabled={busy || passphrase === ''}>
        {busy ? 'Working…' : creating ? 'Create the secrets file' : 'Unlock'}
      </button>
    </form>
  );
}
