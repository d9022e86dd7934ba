/** "Delete folder" on an open folder: the folder with everything in it moves to the Trash as one item. */
import { useState } from 'react';
import { useApi } from '../../app/ApiContext';
import { Dialog } from '../../components/common';
import { ActionError, useAction } from './useAction';

export function DeleteFolderButton({ folder, onDeleted }: { folder: string; onDeleted: (trashItemId?: number) => void }) {
  const api = useApi();
  const [open, setOpen] = useState(false);
  const { busy, error, setError, run } = useAction();
  const name = folder.slice(folder.lastIndexOf('/') + 1);
  const close = () => {
    setOpen(false);
    setError(null);
  };
  const remove = async () => {
    let trashItemId: number | undefined;
    if (await run(async () => ({ trashItemId } = await api.removeFile({ path: folder })))) {
      close();
      onDeleted(trashItemId);
    }
  };
  return (
    <>
      <button type="button" className="secondary" onClick={() => setOpen(true)}>
        Delete folder
      </button>
      <Dialog title={`Delete the folder ${name}?`} open={open} onClose={close}>
        <p>
          <strong>{name}</strong> and everything in it moves to the Trash. You can restore it from there, with its folders, until the trash is emptied.
        </p>
        <ActionError message={error} />
        <div className="files-dialog-buttons">
          <button type="button" className="secondary" onClick={close}>
            Keep it
          </button>
          <button type="button" className="danger" disabled={busy} onClick={() => void remove()}>
            Delete folder
          </button>
        </div>
      </Dialog>
    </>
  );
}
