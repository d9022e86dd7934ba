/**
 * The accounts as a table: one row each with its status light, where it
 * stores, how fast it answered and its last problem, and the actions on it.
 * Action buttons carry the account's name in their accessible name, so "Edit"
 * is never ambiguous to a screen reader.
 */
import { useState } from 'react';
import type { AccountSummary } from '../../../../shared/api';
import { choiceOf } from './providerChoices';
import { domainWords } from './domainWords';
import { spaceWords } from './spaceWords';

export const STATUS_LABEL: Record<AccountSummary['status'], string> = {
  online: 'Online',
  offline: 'Offline',
  disabled: 'Disabled',
  unknown: 'Checking…',
};

export interface AccountActions {
  onEdit(account: AccountSummary): void;
  onRemove(account: AccountSummary): void;
  onSetEnabled(account: AccountSummary, enabled: boolean): Promise<void>;
}

export function AccountList({ accounts, actions }: { accounts: readonly AccountSummary[]; actions: AccountActions }) {
  return (
    <div className="account-table-wrap">
      <table className="account-table">
        <caption className="visually-hidden">Your storage accounts</caption>
        <thead>
          <tr>
            <th scope="col">Account</th>
            <th scope="col">Provider and place</th>
            <th scope="col">Space</th>
            <th scope="col">Answers in</th>
            <th scope="col">Last problem</th>
            <th scope="col">
              <span className="visually-hidden">Actions</span>
            </th>
          </tr>
        </thead>
        <tbody>
          {accounts.map((account) => (
            <AccountRow key={account.id} account={account} actions={actions} />
          ))}
        </tbody>
      </table>
    </div>
  );
}

function AccountRow({ account, actions }: { account: AccountSummary; actions: AccountActions }) {
  const [toggling, setToggling] = useState(false);
  const preset = typeof account.settings.preset === 'string' ? account.settings.preset : undefined;
  const enabled = account.status !== 'disabled';
  async function toggle() {
    setToggling(true);
    try {
      await actions.onSetEnabled(account, !enabled);
    } finally {
      setToggling(false);
    }
  }
  return (
    <tr data-testid="account-row">
      <th scope="row">
        <div className="account-name-cell">
          <span className={`status-dot status-${account.status}`} aria-hidden="true" />
          <span>
            <span className="account-name">{account.name}</span>
            <span className={`account-status-text status-text-${account.status}`} data-testid="account-status">
              {STATUS_LABEL[account.status]}
            </span>
          </span>
        </div>
      </th>
      <td className="account-place">
        <span className="account-provider">{choiceOf(account.provider, preset).label}</span>
        {/* Right-to-left box so a long path loses its start, not its end; <bdi> keeps the text itself left-to-right. */}
        <span className="account-where" title={account.location}>
          <bdi>{account.location}</bdi>
        </span>
        {account.failureDomain && (
          <span className="account-domain muted" data-testid="account-domain">
            {domainWords(account.failureDomain)}
          </span>
        )}
      </td>
      <td className="account-space" data-testid="account-space" title={account.space?.problem}>
        {spaceWords(account)}
      </td>
      <td>{account.latencyMs === null || account.latencyMs === undefined ? '—' : `${Math.round(account.latencyMs)} ms`}</td>
      <td className="account-problem-cell">{account.problem ?? <span className="muted">None</span>}</td>
      <td className="account-actions">
        <button type="button" className="secondary small" aria-label={`Edit ${account.name}`} onClick={() => actions.onEdit(account)}>
          Edit
        </button>
        <button type="button" className="secondary small" aria-label={`${enabled ? 'Disable' : 'Enable'} ${account.name}`} disabled={toggling} onClick={() => void toggle()}>
          {enabled ? 'Disable' : 'Enable'}
        </button>
        <button type="button" className="secondary small danger-text" aria-label={`Remove ${account.name}`} onClick={() => actions.onRemove(account)}>
          Remove
        </button>
      </td>
    </tr>
  );
}
