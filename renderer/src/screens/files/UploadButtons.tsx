/**
 * "Upload files" and "Upload folder": visible buttons that open hidden file
 * inputs (a styled button reads better than the browser's own input). The
 * folder input uses `webkitdirectory`, which React has no typed prop for.
 */
import { useRef, type ChangeEvent } from 'react';
import { pickedFromInput, type PickedFile } from './dropEntries';

export function UploadButtons({ onPicked }: { onPicked: (files: PickedFile[]) => void }) {
  const filesInput = useRef<HTMLInputElement>(null);
  const folderInput = useRef<HTMLInputElement>(null);
  const take = (event: ChangeEvent<HTMLInputElement>) => {
    const picked = pickedFromInput(event.target.files);
    // Cleared so choosing the same files again still fires a change.
    event.target.value = '';
    if (picked.length > 0) onPicked(picked);
  };
  return (
    <>
      <button type="button" onClick={() => filesInput.current?.click()}>
        Upload files
      </button>
      <button type="button" className="secondary" onClick={() => folderInput.current?.click()}>
        Upload folder
      </button>
      <input ref={filesInput} type="file" multiple hidden aria-label="Files to upload" data-testid="upload-files-input" onChange={take} />
      <input
        ref={(input) => {
          folderInput.current = input;
          input?.setAttribute('webkitdirectory', '');
        }}
        type="file"
        multiple
        hidden
        aria-label="Folder to upload"
        data-testid="upload-folder-input"
        onChange={take}
      />
    </>
  );
}
