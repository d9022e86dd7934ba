/**
 * Section 4: where RAIC keeps its own things — the data folder, the account
 * passwords and keys, and the encrypted backup of the file list that the
 * recovery key restores.
 */
import type { GridStatus } from '../../../../shared/api';
import { formatDate } from '../../components/common';
import { CopyButton } from './CopyButton';
import { UnlockSecretsForm } from './UnlockSecretsForm';
import { secretStoreHint, secretWords } from './secretStoreWords';

function BackupStatus({ recovery }: { recovery: GridStatus['recovery'] }) {
  return (
    <>
      <dt>Backup of your file list</dt>
      <dd data-testid="catalog-backup">
        {recovery.lastPublishedAt ? `Last saved to your accounts on ${formatDate(recovery.lastPublishedAt)} (copy number ${recovery.seq}).` : 'Not saved to your accounts yet; RAIC does it shortly after files change.'}
        <span className="settings-hint">
          An encrypted copy of the list of your files, kept on your accounts: with the recovery key it brings your files back on a new computer.
        </span>
        {recovery.problem && (
          <span className="form-error settings-error" role="alert">
            The last backup failed: {recovery.problem}
          </span>
        )}
      </dd>
    </>
  );
}

export function DataSection({ status, onChanged }: { status: GridStatus; onChanged?: () => void }) {
  const secrets = secretWords(status.secretStore);
  const hint = secretStoreHint(status.secretStore);
  return (
    <section className="card settings-section" aria-labelledby="settings-data">
      <h3 id="settings-data">Data and secrets</h3>
      <dl className="settings-facts">
        <dt>Data folder</dt>
        <dd>
          <span className="settings-path">
            <code data-testid="data-dir">{status.dataDir}</code>
            <CopyButton text={status.dataDir} label="Copy the data folder's path" />
          </span>
          <span className="settings-hint">Settings, the list of your files and work in progress. Include it in your usual backups.</span>
        </dd>
        <dt>Passwords and keys of your accounts</dt>
        <dd data-testid="secret-store">
          <span className={secrets.warn ? 'form-error' : undefined}>{secrets.where}</span>
          <span className="settings-hint">
            {hint.lead}
            {hint.details && <span className="settings-details"> Details: {hint.details}</span>}
          </span>
          {(status.secretStore.kind === 'none' || status.secretStore.kind === 'locked') && onChanged && (
            <UnlockSecretsForm store={status.secretStore} onChanged={onChanged} />
          )}
        </dd>
        <BackupStatus recovery={status.recovery} />
      </dl>
    </section>
  );
}
