/**
 * Section 4: where RAIC keeps its own things — the data folder, the account
 * passwords and keys, and the encrypted backup of the file list that the
 * recovery key restores.
 */
import type { GridStatus } from '../../../../shared/api';
import { formatDate } from '../../components/common';
import { CopyButton } from './CopyButton';
import { UnlockSecretsForm } from './UnlockSecretsForm';

type SecretStore = GridStatus['secretStore'];

/** Where passwords are kept, in words, and what to do when that is nowhere safe. */
function secretWords(store: SecretStore): { where: string; advice?: string; warn: boolean } {
  switch (store.kind) {
    case 'keychain':
      return { where: "In your computer's keychain, protected by your login.", warn: false };
    case 'encrypted-file':
      return {
        where: 'In an encrypted file in the data folder.',
        advice: 'This computer offers no keychain RAIC can use, so the file is the next best place. Keep the data folder private.',
        warn: false,
      };
    case 'none':
      return {
        where: 'Nowhere yet: RAIC cannot use a keychain on this computer.',
        advice:
          'Accounts that need a password or key cannot be added or opened until this is fixed: unlock or install a keychain (e.g. GNOME Keyring or KWallet on Linux) and restart RAIC, or keep them in an encrypted file below.',
        warn: true,
      };
    case 'locked':
      return { where: 'In the encrypted secrets file, which is locked.', advice: 'Accounts that need a password or key stay closed until you unlock it.', warn: true };
    default:
      return { where: 'Not needed yet.', warn: false };
  }
}

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
            {status.secretStore.description} {secrets.advice}
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
