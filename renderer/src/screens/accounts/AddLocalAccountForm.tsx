import { useState, type FormEvent } from 'react';
import { ApiError, type RaicApi } from '../../../../shared/api';

/** Adds a local folder or USB disk as an account; cloud providers come with their own forms. */
export function AddLocalAccountForm({ api, onAdded }: { api: RaicApi; onAdded: () => Promise<void> }) {
  const [name, setName] = useState('');
  const [folder, setFolder] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<{ field?: string; message: string }>();

  async function submit(event: FormEvent) {
    event.preventDefault();
    setBusy(true);
    setError(undefined);
    try {
      await api.addLocalAccount({ name, path: folder });
      setName('');
      setFolder('');
      await onAdded();
    } catch (failure) {
      const field = failure instanceof ApiError ? failure.field : undefined;
      const message = (failure as Error).message.replace(/^(name|path): /, '');
      setError({ field, message });
    } finally {
      setBusy(false);
    }
  }

  return (
    <section aria-labelledby="add-heading" className="add-account">
      <h2 id="add-heading">Add a local folder or USB disk</h2>
      <form onSubmit={(e) => void submit(e)} noValidate>
        <label>
          Name
          <input value={name} onChange={(e) => setName(e.target.value)} aria-invalid={error?.field === 'name'} placeholder="USB disk" />
        </label>
        <label>
          Folder (full path)
          <input value={folder} onChange={(e) => setFolder(e.target.value)} aria-invalid={error?.field === 'path'} placeholder="/media/usb/raic" />
        </label>
        <button type="submit" disabled={busy}>
          {busy ? 'Checking the folder…' : 'Add account'}
        </button>
      </form>
      {error && (
        <p className="form-error" role="alert">
          {error.message}
        </p>
      )}
    </section>
  );
}
