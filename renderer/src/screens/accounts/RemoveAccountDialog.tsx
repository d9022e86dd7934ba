/**
 * Removing an account: first the service's plan (what the account holds and
 * what would happen to those files), then the choice. Moving the shares
 * first keeps every file fully protected; removing anyway is the danger
 * button, for an account that is gone for good.
 */
import { useEffect, useState } from 'react';
import type { AccountSummary, RemovalPlan } from '../../../../shared/api';
import { useApi } from '../../app/ApiContext';
import { Dialog, Loading } from '../../components/common';

/** The dialog lists this many files; the rest are counted. */
const FILES_SHOWN = 8;

const HEALTH_AFTER: Record<string, string> = {
  healthy: 'stays fully protected',
  degraded: 'stays readable, less protected',
  'at-risk': 'stays readable, at risk',
  unreadable: 'becomes unreadable',
};

type Busy = 'move' | 'force' | undefined;

export function RemoveAccountDialog({ account, onClose, onRemoved }: { account: AccountSummary; onClose: () => void; onRemoved: (message: string) => void }) {
  const api = useApi();
  const [plan, setPlan] = useState<RemovalPlan>();
  const [error, setError] = useState<string>();
  const [busy, setBusy] = useState<Busy>();

  useEffect(() => {
    let cancelled = false;
    api.planAccountRemoval({ id: account.id }).then(
      (p) => !cancelled && setPlan(p),
      (e: Error) => !cancelled && setError(e.message),
    );
    return () => {
      cancelled = true;
    };
  }, [api, account.id]);

  async function remove(how: 'move' | 'force') {
    setBusy(how);
    setError(undefined);
    try {
      const result = await api.removeAccount(how === 'move' ? { id: account.id, moveShares: true } : { id: account.id, force: true });
      onRemoved(
        result.filesMoved > 0
          ? `“${account.name}” was removed after moving the shares of ${result.filesMoved} files to your other accounts.`
          : `“${account.name}” was removed.`,
      );
    } catch (e) {
      setError((e as Error).message);
      setBusy(undefined);
    }
  }

  return (
    <Dialog title={`Remove “${account.name}”?`} open onClose={onClose}>
      <div data-testid="removal-dialog">
        {!plan && !error && <Loading what="what this account holds" />}
        {plan && <RemovalPlanView plan={plan} />}
        {error && (
          <p className="form-error-summary" role="alert">
            {error}
          </p>
        )}
        {busy === 'move' && (
          <p className="muted" role="status">
            Moving shares to your other accounts; this can take a while for many files…
          </p>
        )}
        <div className="form-actions">
          <button type="button" disabled={!plan || !plan.canMove || busy !== undefined} onClick={() => void remove('move')}>
            Move shares, then remove
          </button>
          <button type="button" className="danger" disabled={!plan || busy !== undefined} onClick={() => void remove('force')}>
            Remove anyway
          </button>
          {/* Focused when the dialog opens: Enter by reflex must not remove anything. */}
          <button type="button" className="secondary" onClick={onClose} autoFocus>
            Cancel
          </button>
        </div>
      </div>
    </Dialog>
  );
}

function RemovalPlanView({ plan }: { plan: RemovalPlan }) {
  return (
    <>
      <p data-testid="removal-message">{plan.message}</p>
      {plan.files.length > 0 && (
        <>
          <h3>Files with shares on this account</h3>
          <ul className="removal-files">
            {plan.files.slice(0, FILES_SHOWN).map((file) => (
              <li key={file.path}>
                <code>{file.path}</code> — {file.shares} share{file.shares === 1 ? '' : 's'}, {HEALTH_AFTER[file.healthAfter] ?? file.healthAfter} if removed
                without moving
              </li>
            ))}
          </ul>
          {plan.filesWithShares > FILES_SHOWN && <p className="muted">…and {plan.filesWithShares - FILES_SHOWN} more files.</p>}
        </>
      )}
      {plan.filesUnreadableAfter > 0 && (
        <p className="warning-text">
          <strong>Removing anyway makes {plan.filesUnreadableAfter} files unreadable.</strong>
        </p>
      )}
    </>
  );
}
