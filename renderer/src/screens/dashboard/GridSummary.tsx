/**
 * The grid's facts in one line above the account cards: accounts online,
 * files, what they take, how fresh the recovery backup is (a restore brings
 * back the file list as of that moment), and where RAIC keeps its data.
 */
import type { GridStatus, Usage } from '../../../../shared/api';
import { formatBytes } from '../../../../shared/format-bytes';
import { formatAge } from '../../components/age';

export function GridSummary({ status, usage }: { status: GridStatus; usage?: Usage }) {
  const enabled = status.accounts.filter((a) => a.status !== 'disabled');
  const online = enabled.filter((a) => a.status === 'online').length;
  const stored = usage?.totals.bytesStored ?? status.accounts.reduce((sum, a) => sum + a.bytesUsed, 0);
  return (
    <dl className="grid-summary" aria-label="Grid summary">
      <div>
        <dt>Accounts online</dt>
        <dd data-testid="accounts-online">
          {online} of {enabled.length}
        </dd>
      </div>
      <div>
        <dt>Your files</dt>
        <dd>
          {status.files.count} ({formatBytes(status.files.bytes)})
        </dd>
      </div>
      <div>
        <dt>Stored on your accounts</dt>
        <dd data-testid="stored-bytes">
          {formatBytes(stored)}
          {usage && <RetainedNote totals={usage.totals} />}
        </dd>
      </div>
      <div>
        <dt>Each file needs</dt>
        <dd>
          {status.encoding.needed} of its {status.encoding.total} shares
        </dd>
      </div>
      <div>
        <dt>Recovery backup</dt>
        <dd data-testid="backup-age" title={status.recovery.problem ?? undefined}>
          {backupWords(status.recovery)}
        </dd>
      </div>
      <div className="grid-summary-path">
        <dt>Data folder</dt>
        <dd>
          <code>{status.dataDir}</code>
        </dd>
      </div>
    </dl>
  );
}

/** What of the stored bytes only the Trash and earlier versions keep (freed when they go). */
function RetainedNote({ totals }: { totals: Usage['totals'] }) {
  const parts = [
    totals.trashBytesStored ? `${formatBytes(totals.trashBytesStored)} in the Trash` : '',
    totals.versionBytesStored ? `${formatBytes(totals.versionBytesStored)} for earlier versions` : '',
  ].filter(Boolean);
  return parts.length === 0 ? null : <span className="muted"> ({parts.join(', ')})</span>;
}

function backupWords(recovery: GridStatus['recovery']): string {
  const saved = recovery.lastPublishedAt === null ? 'not saved yet' : `saved ${formatAge(recovery.lastPublishedAt, Date.now())}`;
  return recovery.problem ? `${saved}; the last try failed` : saved;
}
