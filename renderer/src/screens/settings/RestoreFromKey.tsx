/**
 * "Restore from recovery key": the same operation as `raic recovery restore`.
 * The list of files (with the grid's keys) is stored, sealed with the
 * recovery key, on the accounts the old RAIC used; so the accounts come
 * first (added here, inline), then the key (typed, pasted or opened from the
 * key file), then one call that finds the newest backup, reads it and lists
 * the files again. The result says what came back and which old accounts are
 * still missing. Used by the setup wizard's first step and by Settings.
 */
import { useRef, useState, type FormEvent } from 'react';
import type { RestoreResult } from '../../../../shared/api';
import { useApi } from '../../app/ApiContext';
import { useResource } from '../../app/useResource';
import { AddAccountFlow } from '../accounts/AddAccountFlow';
import './restore-key.css';

/** Recovery key files are a few hundred bytes; anything much bigger is the wrong file. */
const MAX_KEY_FILE_BYTES = 20_000;

export function RestoreFromKey({ onRestored }: { onRestored?: (result: RestoreResult) => void }) {
  const api = useApi();
  const status = useResource(() => api.getStatus({}), [api], ['accounts-changed']);
  const [adding, setAdding] = useState(false);
  const [key, setKey] = useState('');
  const [state, setState] = useState<{ kind: 'idle' } | { kind: 'working' } | { kind: 'done'; result: RestoreResult } | { kind: 'error'; message: string }>({ kind: 'idle' });
  const fileInput = useRef<HTMLInputElement>(null);
  const accounts = status.state === 'ready' ? status.value.accounts : [];

  const openFile = async (file: File | undefined) => {
    if (!file) return;
    if (file.size > MAX_KEY_FILE_BYTES) return setState({ kind: 'error', message: `${file.name} is too big to be a recovery key file; choose the .txt file RAIC saved (raic-recovery-key.txt).` });
    setKey(await file.text());
    setState({ kind: 'idle' });
  };
  const restore = async (event: FormEvent) => {
    event.preventDefault();
    if (key.trim() === '') return setState({ kind: 'error', message: 'Type or paste the 18 words of your recovery key, or open the recovery key file.' });
    setState({ kind: 'working' });
    try {
      const result = await api.restoreFromRecoveryKey({ key });
      setState({ kind: 'done', result });
      onRestored?.(result);
    } catch (error) {
      setState({ kind: 'error', message: (error as Error).message });
    }
  };

  if (state.kind === 'done') {
    const { result } = state;
    return (
      <div className="restore-key-result" role="status" data-testid="restore-result">
        <p>
          <strong>{result.message}</strong>
        </p>
        {result.missingAccounts.length > 0 && (
          <>
            <p>Your old RAIC also used these accounts. Add them (Accounts) so every file has all its pieces again:</p>
            <ul>
              {result.missingAccounts.map((a) => (
                <li key={`${a.provider}:${a.location}`}>
                  {a.name} <span className="muted">({a.location})</span>
                </li>
              ))}
            </ul>
          </>
        )}
      </div>
    );
  }

  return (
    <div className="restore-key" data-testid="restore-from-key">
      <h4>1. The accounts your old RAIC used</h4>
      <p className="settings-hint">
        The list of your files is kept, locked with your recovery key, on the storage accounts your old RAIC used. Add them here with the same folders,
        buckets or sign-ins; one that still works is enough to find the list, and the files need enough of them to be read.
      </p>
      {accounts.length > 0 && (
        <p className="settings-hint" data-testid="restore-accounts">
          Here now: {accounts.map((a) => a.name).join(', ')}.
        </p>
      )}
      {adding ? (
        <AddAccountFlow onAdded={() => { setAdding(false); void status.reload(); }} onCancel={() => setAdding(false)} />
      ) : (
        <button type="button" className="secondary" onClick={() => setAdding(true)}>
          Add an account
        </button>
      )}
      <form onSubmit={(event) => void restore(event)}>
        <h4>2. Your recovery key</h4>
        <label htmlFor="restore-key-text" className="settings-hint">
          The 18 words, or the whole text of the recovery key file
        </label>
        <textarea
          id="restore-key-text"
          rows={4}
          value={key}
          spellCheck={false}
          autoComplete="off"
          onChange={(event) => setKey(event.target.value)}
          aria-invalid={state.kind === 'error' ? true : undefined}
          aria-describedby="restore-key-error"
        />
        <div className="settings-actions">
          <button type="button" className="secondary" onClick={() => fileInput.current?.click()}>
            Open the key file…
          </button>
          <input ref={fileInput} type="file" accept=".txt,text/plain" hidden data-testid="restore-key-file" onChange={(event) => void openFile(event.target.files?.[0])} />
          <button type="submit" disabled={state.kind === 'working'}>
            {state.kind === 'working' ? 'Restoring…' : 'Restore my files'}
          </button>
        </div>
        {state.kind === 'working' && (
          <p role="status" className="settings-hint">
            Looking for the newest list of your files on your accounts and reading it; this takes a few seconds per account.
          </p>
        )}
        {state.kind === 'error' && (
          <p id="restore-key-error" className="form-error" role="alert">
            {state.message}
          </p>
        )}
      </form>
    </div>
  );
}
