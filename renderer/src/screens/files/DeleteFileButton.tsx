/** Delete with a confirmation that says what happens, since there is no undo. */
import { useState } from 'react';
import type { FileSummary } from '../../../../shared/api';
import { useApi } from '../../app/ApiContext';
import { Dialog } from '../../components/common';
import { ActionError, useAction } from './useAction';

export function DeleteFileButton({ file, onDeleted }: { file: FileSummary; onDeleted: () => void }) {
  const api = useApi();
  const [open, setOpen] = useState(false);
  const { busy, error, setError, run } = useAction();

  const close = () => {
    setOpen(false);
    setError(null);
  };
  const remove = async () => {
    if (await run(() => api.removeFile({ path: file.path }))) {
      close();
      onDeleted();
    }
  };

  return (
    <>
      <button type="button" className="danger" onClick={() => setOpen(true)}>
        Delete
      </button>
      <Dialog title={`Delete ${file.name}?`} open={open} onClose={close}>
        <p>
          <strong>{file.name}</strong> disappears from your file list and can no longer be downloaded from RAIC. There is no undo.
        </p>
        <p className="muted files-small">Anyone you gave its read cap to may still be able to read it for a while.</p>
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
