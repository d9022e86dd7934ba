/**
 * Asked before an upload whose names are already taken in the folder, as
 * Google Drive asks: replace them (the old content stays as an earlier
 * version) or keep both (the new files get "name (1).ext").
 */
import type { OnClash } from '../../../../shared/api';
import { Dialog } from '../../components/common';
import type { PickedItems } from './dropEntries';

/** The names of picked files that the folder already has a file for. */
export function clashingNames(picked: PickedItems, existingNames: ReadonlySet<string>): string[] {
  return picked.files.filter((f) => !f.isFolder && !f.relativePath.includes('/') && existingNames.has(f.relativePath)).map((f) => f.relativePath);
}

export function UploadClashDialog({ names, onChoose, onCancel }: { names: string[]; onChoose: (choice: OnClash) => void; onCancel: () => void }) {
  const title = names.length === 1 ? `${names[0]} is already here` : `${names.length} files are already here`;
  return (
    <Dialog title={title} open onClose={onCancel}>
      <p>
        {names.length === 1 ? 'A file with this name is already in this folder.' : `Files with these names are already in this folder: ${names.join(', ')}.`}{' '}
        Replace keeps the current {names.length === 1 ? 'file' : 'files'} as an earlier version you can restore.
      </p>
      <div className="files-dialog-buttons">
        <button type="button" className="secondary" onClick={onCancel}>
          Cancel
        </button>
        <button type="button" className="secondary" onClick={() => onChoose('keep-both')}>
          Keep both
        </button>
        <button type="button" onClick={() => onChoose('replace')}>
          Replace
        </button>
      </div>
    </Dialog>
  );
}
