/** "New folder": asks for a name in a dialog and creates it inside the current folder. */
import { useState, type FormEvent } from 'react';
import { useApi } from '../../app/ApiContext';
import { Dialog } from '../../components/common';
import { joinPath } from './paths';
import { ActionError, useAction } from './useAction';

export function NewFolderButton({ folder, onCreated }: { folder: string; onCreated: () => void }) {
  const api = useApi();
  const [open, setOpen] = useState(false);
  const [name, setName] = useState('');
  const { busy, error, setError, run } = useAction();

  const close = () => {
    setOpen(false);
    setName('');
    setError(null);
  };
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const trimmed = name.trim();
    if (trimmed === '') return setError('Give the folder a name.');
    if (trimmed.includes('/')) return setError('A folder name cannot contain "/".');
    if (await run(() => api.createFolder({ path: joinPath(folder, trimmed) }))) {
      close();
      onCreated();
    }
  };

  return (
    <>
      <button type="button" className="secondary" onClick={() => setOpen(true)}>
        New folder
      </button>
      <Dialog title="New folder" open={open} onClose={close}>
        <form onSubmit={(event) => void submit(event)} className="files-form">
          <label>
            Name
            <input
              value={name}
              onChange={(event) => setName(event.target.value)}
              aria-invalid={error ? true : undefined}
              aria-describedby={error ? 'new-folder-error' : undefined}
            />
          </label>
          <ActionError id="new-folder-error" message={error} />
          <div className="files-dialog-buttons">
            <button type="button" className="secondary" onClick={close}>
              Cancel
            </button>
            <button type="submit" disabled={busy}>
              Create folder
            </button>
          </div>
        </form>
      </Dialog>
    </>
  );
}
