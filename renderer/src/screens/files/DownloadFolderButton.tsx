/**
 * "Download folder" on a folder row and "Restore everything" in the toolbar:
 * in the browser the folder arrives as one ZIP archive (the browser's own
 * download manager saves it); in the desktop app RAIC asks for a folder and
 * restores into it as a job that shows in the transfers list.
 */
import { useApi } from '../../app/ApiContext';
import { ActionError, useAction } from './useAction';

interface Props {
  /** The catalog folder; '/' for everything. */
  folder: string;
  /** The button's words; the folder's name reads it to screen readers on a row. */
  label: string;
  /** Named for assistive technology when the label alone is ambiguous (one per row). */
  ariaLabel?: string;
  className?: string;
}

export function DownloadFolderButton({ folder, label, ariaLabel, className }: Props) {
  const api = useApi();
  const { busy, error, run } = useAction();
  return (
    <span className="files-download-folder" onClick={(event) => event.stopPropagation()}>
      <button
        type="button"
        className={className}
        disabled={busy}
        aria-label={ariaLabel}
        title={api.kind === 'web' ? 'Saves the folder as one .zip file' : 'Restores the folder into a folder you choose'}
        onClick={() => void run(() => api.downloadFolder(folder))}
      >
        {label}
      </button>
      <ActionError message={error} />
    </span>
  );
}
