/** Delete with a confirmation that says what happens, since there is no undo. */
import { useState } from 'react';
import type { FileSummary } from '../../../../shared/api';
import { useApi } from '../../app/ApiContext';
import { Dialog } from '../../components/common';

export function DeleteFileButton({ file, onDeleted }: { file: FileSummary; onDeleted: () => void }) {
  const api = useApi();
  const [open, setOpen] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  const close = () => {
    setOpen(false);
    setError(null);
  };
  const remove = async () => {
    setBusy(true);
    try {
      await api.removeFile({ path: file.path });
      close();
      onDeleted();
    } catch (e) {
      setError((e as Error).message);
    } finally {
      setBusy(false);
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
        {error && (
          <p className="form-error" role="alert">
            {error}
          </p>
        )}
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
