/**
 * The way on where no keychain answers: right in the account form (and so in
 * the wizard), keep the secrets in RAIC's encrypted file (passphrase typed
 * twice, its strength shown as it is typed), or unlock the file that already
 * exists. Never a dead end: once the file is ready the form saves what the
 * user filled in, which it kept all along.
 */
import { useId, useState, type KeyboardEvent } from 'react';
import type { SecretStoreKind } from '../../../../shared/secret-store-words';
import { passphraseStrength } from '../../../../shared/passphrase-strength';
import { useApi } from '../../app/ApiContext';

export function SecretsFileChoice({ kind, onReady }: { kind: Extract<SecretStoreKind, 'none' | 'locked'>; onReady: () => void }) {
  const api = useApi();
  const id = useId().replace(/:/g, '');
  const creating = kind === 'none';
  const [passphrase, setPassphrase] = useState('');
  const [again, setAgain] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string>();
  const strength = passphraseStrength(passphrase);

  // This sits inside the account form: Enter here means this choice, not saving the account.
  function onEnter(event: KeyboardEvent) {
    if (event.key !== 'Enter') return;
    event.preventDefault();
    void submit();
  }

  async function submit() {
    if (creating && !strength.acceptable) return setError(strength.words);
    if (creating && passphrase !== again) return setError('The two passphrases differ; type the same one twice.');
    setBusy(true);
    setError(undefined);
    try {
      await api.unlockSecrets({ passphrase, create: creating });
      setPassphrase('');
      setAgain('');
      onReady();
    } catch (failure) {
      setError((failure as Error).message.replace(/^(passphrase|create): /, ''));
    } finally {
      setBusy(false);
    }
  }

  return (
    <section className="secrets-file-choice notice" aria-labelledby={`${id}-title`} data-testid="secrets-file-choice">
      <h4 id={`${id}-title`}>{creating ? 'This computer has no keychain RAIC can use' : 'Unlock RAIC’s encrypted secrets file'}</h4>
      <p>
        {creating
          ? 'RAIC can keep this account’s password in an encrypted file in its data folder instead, locked with a passphrase you choose. You type the passphrase again each time RAIC starts; without it the accounts cannot be opened, so keep it somewhere safe. What you filled in above stays as it is.'
          : 'Your accounts’ passwords are in RAIC’s encrypted file. Type its passphrase to unlock it; then this account is saved with the others.'}
      </p>
      <div className="form-grid" role="group" aria-label={creating ? 'Passphrase for the encrypted file' : 'Passphrase of the encrypted file'}>
        <div className="form-field">
          <label htmlFor={`${id}-passphrase`}>{creating ? 'New passphrase' : 'Passphrase'}</label>
          <input
            id={`${id}-passphrase`}
            type="password"
            autoComplete={creating ? 'new-password' : 'current-password'}
            value={passphrase}
            aria-describedby={creating ? `${id}-strength` : undefined}
            onKeyDown={onEnter}
            onChange={(e) => setPassphrase(e.target.value)}
          />
          {creating && (
            <p className={`field-help passphrase-strength strength-${strength.level}`} id={`${id}-strength`} aria-live="polite" data-testid="passphrase-strength">
              Strength: {strength.words}
            </p>
          )}
        </div>
        {creating && (
          <div className="form-field">
            <label htmlFor={`${id}-again`}>The same passphrase again</label>
            <input id={`${id}-again`} type="password" autoComplete="new-password" value={again} onKeyDown={onEnter} onChange={(e) => setAgain(e.target.value)} />
          </div>
        )}
      </div>
      {error && (
        <p className="form-error" role="alert">
          {error}
        </p>
      )}
      <div className="form-actions">
        <button type="button" disabled={busy || passphrase === ''} onClick={() => void submit()}>
          {busy ? 'Working…' : creating ? 'Keep secrets in an encrypted file' : 'Unlock and save the account'}
        </button>
      </div>
    </section>
  );
}
