/**
 * What to do with the items chosen in the list: move them into another
 * folder, download them, or delete them (to the Trash, one item each, so
 * each can be restored; Undo brings them all back).
 */
import { useState, type FormEvent } from 'react';
import { useApi } from '../../app/ApiContext';
import { Dialog } from '../../components/common';
import { describeCount } from './selection';
import { ActionError, useAction } from './useAction';

export interface ChosenItem {
  path: string;
  name: string;
  kind: 'file' | 'folder';
}

interface Props {
  folder: string;
  items: readonly ChosenItem[];
  /** Folders the Move dialog suggests (the open folder's subfolders and parents). */
  suggestedFolders: readonly string[];
  deleteRequested: boolean;
  onDeleteRequestHandled: () => void;
  onClear: () => void;
  onMoved: (count: string, toFolder: string) => void;
  onDeleted: (count: string, deleted: { trashItemId: number; path: string }[]) => void;
  onNotice: (text: string) => void;
}

export function ChosenItemsBar({ folder, items, suggestedFolders, deleteRequested, onDeleteRequestHandled, onClear, onMoved, onDeleted, onNotice }: Props) {
  const api = useApi();
  const [dialog, setDialog] = useState<'move' | 'delete' | null>(null);
  const [target, setTarget] = useState('');
  const { busy, error, setError, run } = useAction();
  const count = describeCount(items.filter((i) => i.kind === 'folder').length, items.filter((i) => i.kind === 'file').length);
  const open = dialog ?? (deleteRequested ? 'delete' : null);
  const close = () => {
    setDialog(null);
    setError(null);
    onDeleteRequestHandled();
  };

  const move = async (event: FormEvent) => {
    event.preventDefault();
    const toFolder = target.trim();
    if (toFolder === '') return setError('Type the folder to move them into, e.g. /Archive (a new one is created).');
    if (!toFolder.startsWith('/')) return setError('Start the folder with "/", e.g. /Archive; "/" alone is All files.');
    if (await run(() => api.moveEntries({ paths: items.map((i) => i.path), toFolder }))) {
      close();
      onMoved(count, toFolder);
    }
  };
  const remove = async () => {
    const ids: { trashItemId: number; path: string }[] = [];
    const ok = await run(async () => {
      for (const item of items) {
        const { trashItemId } = await api.removeFile({ path: item.path });
        if (trashItemId !== undefined) ids.push({ trashItemId, path: item.path });
      }
    });
    // Some may have gone before one failed: say so with Undo for those, and keep the dialog's error for the rest.
    if (ok || ids.length > 0) {
      if (ok) close();
      onDeleted(ok ? count : `${ids.length} of the chosen items`, ids);
    }
  };
  const download = async () => {
    for (const item of items) {
      try {
        if (item.kind === 'folder') await api.downloadFolder(item.path);
        else await api.download(item.path);
      } catch (failure) {
        onNotice(`${item.name} could not be downloaded: ${(failure as Error).message}`);
        return;
      }
      // One at a time, so the browser takes each download before the next starts.
      await new Promise((resolve) => setTimeout(resolve, 300));
    }
    const zips = api.kind === 'web' && items.some((i) => i.kind === 'folder');
    onNotice(`Downloading ${count}${zips ? ': each folder arrives as a .zip file' : ''}.`);
  };

  if (items.length === 0) return null;
  return (
    <div className="files-chosen-bar" role="region" aria-label="Chosen items" data-testid="chosen-bar">
      <span className="files-chosen-count" aria-live="polite">
        {count} chosen
      </span>
      <button type="button" className="secondary files-small-button" onClick={() => { setTarget(folder === '/' ? '/' : folder); setDialog('move'); }}>
        Move to…
      </button>
      <button type="button" className="secondary files-small-button" onClick={() => void download()}>
        Download
      </button>
      <button type="button" className="danger files-small-button" onClick={() => setDialog('delete')}>
        Delete
      </button>
      <button type="button" className="secondary files-small-button" onClick={onClear}>
        Clear choice
      </button>

      <Dialog title={`Move ${count}`} open={open === 'move'} onClose={close}>
        <form className="files-form" onSubmit={(event) => void move(event)}>
          <label>
            Into the folder
            <input value={target} autoFocus list="files-move-suggestions" onChange={(event) => setTarget(event.target.value)} aria-invalid={error ? true : undefined} />
          </label>
          <datalist id="files-move-suggestions">
            {suggestedFolders.map((f) => (
              <option key={f} value={f} />
            ))}
          </datalist>
          <p className="muted files-small">Each keeps its name. A folder that does not exist yet is created. Nothing is uploaded again.</p>
          <ActionError message={error} />
          <div className="files-dialog-buttons">
            <button type="button" className="secondary" onClick={close}>
              Cancel
            </button>
            <button type="submit" disabled={busy}>
              Move
            </button>
          </div>
        </form>
      </Dialog>
      <Dialog title={`Delete ${count}?`} open={open === 'delete'} onClose={close}>
        <p>
          {items.length <= 5 ? items.map((i) => i.name).join(', ') : `${items.slice(0, 4).map((i) => i.name).join(', ')} and ${items.length - 4} more`} move to the Trash, folders with everything in them. You can restore them from there until the trash is emptied.
        </p>
        <ActionError message={error} />
        <div className="files-dialog-buttons">
          <button type="button" className="secondary" onClick={close}>
            Keep them
          </button>
          <button type="button" className="danger" disabled={busy} onClick={() => void remove()}>
            Delete {count}
          </button>
        </div>
      </Dialog>
    </div>
  );
}
