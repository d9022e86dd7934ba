/**
 * The selected file: facts, how it is protected (in words, not "3-of-5
 * erasure coding"), which accounts hold which shares, and what can be done
 * with it.
 */
import type { FileSummary } from '../../../../shared/api';
import { useApi } from '../../app/ApiContext';
import { formatDate } from '../../components/common';
import { formatBytes } from '../../../../shared/format-bytes';
import { CapButtons } from './CapButtons';
import { DeleteFileButton } from './DeleteFileButton';
import { FileChecks } from './FileChecks';
import { FileVersions } from './FileVersions';
import { MoveFileForm } from './MoveFileForm';
import { ActionError, useAction } from './useAction';

interface Props {
  file: FileSummary;
  onClose: () => void;
  /** The listing should reload (health, name or place changed). */
  onChanged: () => void;
  onMoved: (moved: FileSummary) => void;
  onDeleted: (trashItemId?: number) => void;
}

export function FileDetails({ file, onClose, onChanged, onMoved, onDeleted }: Props) {
  return (
    <aside
      id="file-details"
      className="card files-details"
      aria-labelledby="file-details-heading"
      data-testid="file-details"
      // Escape closes the panel from anywhere inside it, as it would a dialog (but not while a real dialog is open on top).
      onKeyDown={(event) => {
        if (event.key === 'Escape' && !(event.target instanceof HTMLElement && event.target.closest('dialog'))) onClose();
      }}
    >
      <div className="files-details-head">
        <h3 id="file-details-heading" title={file.path}>
          {file.name}
        </h3>
        <button type="button" className="secondary files-small-button" onClick={onClose} aria-label="Close details">
          ✕
        </button>
      </div>
      <DownloadButton path={file.path} />
      <FileFacts file={file} />
      <Protection file={file} />
      <section aria-label="Checks">
        <h4>Health</h4>
        <FileChecks file={file} onChecked={onChanged} />
      </section>
      <FileVersions file={file} onRestored={onChanged} />
      <section aria-label="Caps">
        <h4>Sharing codes</h4>
        <CapButtons file={file} />
      </section>
      <section aria-label="Organize">
        <h4>Organize</h4>
        <MoveFileForm file={file} onMoved={onMoved} />
        <DeleteFileButton file={file} onDeleted={onDeleted} />
      </section>
    </aside>
  );
}

function FileFacts({ file }: { file: FileSummary }) {
  return (
    <dl className="files-facts">
      <dt>Size</dt>
      <dd data-testid="details-size">{formatBytes(file.size)}</dd>
      <dt>Stored</dt>
      <dd>{formatDate(file.storedAt)}</dd>
      <dt>Last modified</dt>
      <dd>{formatDate(file.sourceModifiedAt)}</dd>
      <dt>Last checked</dt>
      <dd>{file.lastCheckedAt ? formatDate(file.lastCheckedAt) : 'Not yet'}</dd>
      <dt>Path</dt>
      <dd className="files-path">{file.path}</dd>
    </dl>
  );
}

/** How the file survives losses, then where its shares are. */
function Protection({ file }: { file: FileSummary }) {
  return (
    <section aria-label="Protection">
      <h4>How it is protected</h4>
      <p className="files-small" data-testid="encoding-words">
        {protectionWords(file)}
      </p>
      {isLiteral(file) ? null : <Placements file={file} />}
    </section>
  );
}

/** Tiny files (a few dozen bytes) are stored inside their cap, with no shares at all (a Tahoe "LIT" cap). */
function isLiteral(file: FileSummary): boolean {
  return file.cap.startsWith('URI:LIT:');
}

function protectionWords(file: FileSummary): string {
  if (isLiteral(file)) return 'This file is so small that RAIC keeps it whole inside its sharing code instead of splitting it into pieces.';
  const { needed, total } = file.encoding;
  const spare = total - needed;
  return `RAIC encrypted this file and split it into ${total} pieces called shares. Any ${needed} of its ${total} shares rebuild it, so it survives losing ${spare} ${spare === 1 ? 'share' : 'shares'}.`;
}

function Placements({ file }: { file: FileSummary }) {
  if (file.placements.length === 0) return <p className="muted files-small">No account holds a share of it right now.</p>;
  const placements = [...file.placements].sort((a, b) => a.accountName.localeCompare(b.accountName, undefined, { numeric: true }));
  return (
    <ul className="files-placements" aria-label="Shares by account">
      {placements.map((p) => (
        <li key={p.accountId}>
          <span className="files-placement-name">{p.accountName}</span>
          <span className="muted">
            {p.shareNumbers.length === 1 ? 'share' : 'shares'} {p.shareNumbers.join(', ')}
          </span>
        </li>
      ))}
    </ul>
  );
}

/** The browser saves the file itself (web), or the desktop asks where and queues a job. */
function DownloadButton({ path }: { path: string }) {
  const api = useApi();
  const { busy, error, run } = useAction();
  return (
    <div className="files-download">
      <button type="button" disabled={busy} onClick={() => void run(() => api.download(path))}>
        Download
      </button>
      <ActionError message={error} />
    </div>
  );
}
