/**
 * Renaming a folder (a row's "Rename", or "Rename folder" for the folder
 * that is open): the new name is checked against the names already in the
 * parent folder before asking the service, which checks again.
 */
import { useEffect, useState, type FormEvent } from 'react';
import { useApi } from '../../app/ApiContext';
import { Dialog } from '../../components/common';
import { joinPath, nameOf, parentOf } from './paths';
import { nameProblem } from './selection';
import { ActionError, useAction } from './useAction';

interface Props {
  /** The folder being renamed; null when the dialog is closed. */
  folder: string | null;
  /** Names already used in its parent folder (files and folders). */
  takenNames: ReadonlySet<string> | null;
  onClose: () => void;
  onRenamed: (from: string, to: string) => void;
}

export function RenameFolderDialog({ folder, takenNames, onClose, onRenamed }: Props) {
  const api = useApi();
  const [value, setValue] = useState('');
  const { busy, error, setError, run } = useAction();
  const current = folder ? nameOf(folder) : '';
  useEffect(() => {
    setValue(current);
    setError(null);
  }, [folder, current, setError]);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (!folder) return;
    const problem = nameProblem(value, current, takenNames ?? new Set());
    if (problem) return setError(problem);
    const to = joinPath(parentOf(folder), value.trim());
    if (to === folder) return onClose();
    if (await run(() => api.moveFolder({ from: folder, to }))) onRenamed(folder, to);
  };

  return (
    <Dialog title={`Rename the folder ${current}`} open={folder !== null} onClose={onClose}>
      <form className="files-form" onSubmit={(event) => void submit(event)}>
        <label>
          New name
          <input value={value} autoFocus onChange={(event) => setValue(event.target.value)} aria-invalid={error ? true : undefined} aria-describedby="rename-folder-error" />
        </label>
        <p className="muted files-small">Everything in it keeps its place inside the folder; nothing is uploaded again.</p>
        <ActionError id="rename-folder-error" message={error} />
        <div className="files-dialog-buttons">
          <button type="button" className="secondary" onClick={onClose}>
            Cancel
          </button>
          <button type="submit" disabled={busy}>
            Rename
          </button>
        </div>
      </form>
    </Dialog>
  );
}
