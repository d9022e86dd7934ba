/** Delete moves the file to the trash (restorable there, and by the Undo the screen offers right after). */
import { useState } from 'react';
import type { FileSummary } from '../../../../shared/api';
import { useApi } from '../../app/ApiContext';
import { Dialog } from '../../components/common';
import { ActionError, useAction } from './useAction';

export function DeleteFileButton({ file, onDeleted }: { file: FileSummary; onDeleted: (trashItemId?: number) => void }) {
  const api = useApi();
  const [open, setOpen] = useState(false);
  const { busy, error, setError, run } = useAction();

  const close = () => {
    setOpen(false);
    setError(null);
  };
  const remove = async () => {
    let trashItemId: number | undefined;
    if (await run(async () => ({ trashItemId } = await api.removeFile({ path: file.path })))) {
      close();
      onDeleted(trashItemId);
    }
  };

  return (
    <>
      <button type="button" className="danger" onClick={() => setOpen(true)}>
        Delete
      </button>
      <Dialog title={`Delete ${file.name}?`} open={open} onClose={close}>
        <p>
          <strong>{file.name}</strong> disappears from your file list and moves to the Trash, with its earlier versions. You can restore it from there until
          the trash is emptied; only then is its space freed.
        </p>
        <p className="muted files-small">Anyone you gave its sharing code to may still be able to read it while it is kept.</p>
        <ActionError message={error} />
        <div className="files-dialog-buttons">
          <button type="button" className="secondary" onClick={close}>
            Keep it
          </button>
          <button type="button" className="danger" disabled={busy} onClick={() => void remove()}>
            Delete file
          </button>
        </div>
      </Dialog>
    </>
  );
}
