/**
 * Accounts: the list with each account's state, and the panels that change
 * it (add, edit) and the removal dialog. The list comes from the grid status
 * the frame keeps fresh through events, so a new account's light turns green
 * here as soon as the monitor has reached it.
 */
import { secretStorePlace } from '../../../../shared/secret-store-words';
import { useEffect, useRef, useState } from 'react';
import type { AccountSummary, GridStatus } from '../../../../shared/api';
import { useApi } from '../../app/ApiContext';
import { parseRoute } from '../../app/routes';
import { EmptyState, ErrorPanel } from '../../components/common';
import { AccountList } from './AccountList';
import { AddAccountFlow } from './AddAccountFlow';
import { EditAccountForm } from './EditAccountForm';
import { RemoveAccountDialog } from './RemoveAccountDialog';
import './accounts.css';

type Panel = { kind: 'none' } | { kind: 'add' } | { kind: 'edit'; id: string };

/** Where stored secrets live, in the words the edit form uses ("Stored in …"). */
export function secretStoreName(status: GridStatus): string {
  return secretStorePlace(status.secretStore.kind);
}

export function AccountsScreen({ status, onChanged }: { status: GridStatus; onChanged: () => void }) {
  const api = useApi();
  // The dashboard's "Add a cloud account or a USB disk" opens this screen at #/accounts/add, with the add panel open.
  const [panel, setPanel] = useState<Panel>(() => (parseRoute(window.location.hash).rest === '/add' ? { kind: 'add' } : { kind: 'none' }));
  const [removing, setRemoving] = useState<AccountSummary>();
  const [notice, setNotice] = useState<string>();
  const [actionError, setActionError] = useState<string>();
  const addButton = useRef<HTMLButtonElement>(null);
  const panelHeading = useRef<HTMLHeadingElement>(null);
  const editing = panel.kind === 'edit' ? status.accounts.find((a) => a.id === panel.id) : undefined;

  // Focus follows the panel: into it when it opens, back to "Add account" when it closes.
  const previousPanel = useRef(panel.kind);
  useEffect(() => {
    if (panel.kind === 'add') panelHeading.current?.focus();
    if (panel.kind === 'none' && previousPanel.current !== 'none') addButton.current?.focus();
    previousPanel.current = panel.kind;
  }, [panel.kind]);

  function done(message: string) {
    setPanel({ kind: 'none' });
    setNotice(message);
    setActionError(undefined);
    onChanged();
  }

  const actions = {
    onEdit: (account: AccountSummary) => {
      setNotice(undefined);
      setPanel({ kind: 'edit', id: account.id });
    },
    onRemove: (account: AccountSummary) => setRemoving(account),
    onSetEnabled: async (account: AccountSummary, enabled: boolean) => {
      try {
        await api.setAccountEnabled({ id: account.id, enabled });
        done(enabled ? `“${account.name}” is enabled again; new files use it.` : `“${account.name}” is disabled: RAIC stores nothing new on it and does not contact it.`);
      } catch (error) {
        setActionError((error as Error).message);
      }
    },
  };

  return (
    <section className="accounts-screen" aria-labelledby="accounts-heading">
      <div className="screen-title-row">
        <h2 id="accounts-heading">Accounts</h2>
        <button type="button" ref={addButton} onClick={() => setPanel({ kind: 'add' })} aria-expanded={panel.kind === 'add'}>
          Add account
        </button>
      </div>
      <p className="muted intro">
        Each account holds a few encrypted pieces of every file, never a whole file; RAIC needs only some of the pieces to rebuild it. More independent accounts
        means your files survive more of them failing.
      </p>
      {notice && (
        <p className="notice" role="status">
          {notice}
        </p>
      )}
      {actionError && <ErrorPanel title="That did not work." message={actionError} />}
      {status.accounts.length === 0 ? (
        <EmptyState title="No storage accounts yet">Add a folder, a USB disk or a cloud account to start storing files.</EmptyState>
      ) : (
        <AccountList accounts={status.accounts} actions={actions} />
      )}
      {panel.kind === 'add' && (
        <section className="card panel" aria-labelledby="add-account-heading">
          <h2 id="add-account-heading" ref={panelHeading} tabIndex={-1}>
            Add an account
          </h2>
          <AddAccountFlow
            onAdded={(account) => done(`“${account.name}” was added. Its light turns green once RAIC has reached it.`)}
            onCancel={() => setPanel({ kind: 'none' })}
          />
        </section>
      )}
      {editing && (
        <section className="card panel" aria-label={`Edit ${editing.name}`}>
          <EditAccountForm
            key={editing.id}
            account={editing}
            accounts={status.accounts}
            storeName={secretStoreName(status)}
            storeKind={status.secretStore.kind}
            onSaved={() => done(`The changes to “${editing.name}” were saved.`)}
            onCancel={() => setPanel({ kind: 'none' })}
          />
        </section>
      )}
      {removing && (
        <RemoveAccountDialog
          account={removing}
          onClose={() => setRemoving(undefined)}
          onRemoved={(message) => {
            setRemoving(undefined);
            done(message);
          }}
        />
      )}
    </section>
  );
}
