/** The accounts as the monitor sees them right now: online or not, how fast they answer, the last error, and since when. */
import type { GridHealth } from '../../../../shared/api';
import { formatDate } from '../../components/common';
import { formatLatency, StatusLight } from './StatusLight';

export function AccountStatusTable({ accounts }: { accounts: GridHealth['accounts'] }) {
  return (
    <div className="table-scroll">
      <table className="account-status-table" data-testid="account-status-table">
        <caption className="visually-hidden">Your accounts right now</caption>
        <thead>
          <tr>
            <th scope="col">Account</th>
            <th scope="col">State</th>
            <th scope="col">Answers in</th>
            <th scope="col">Since</th>
          </tr>
        </thead>
        <tbody>
          {accounts.map((account) => {
            // "false" before the first probe means "not known yet", not offline.
            const state = account.lastProbeAt === null ? 'unknown' : account.online ? 'online' : 'offline';
            return (
              <tr key={account.id} data-testid="account-status-row">
                <th scope="row">
                  {account.name}
                  {account.lastError && <div className="error-text">Last error: {account.lastError}</div>}
                </th>
                <td>
                  <StatusLight state={state} />
                </td>
                <td>{state === 'online' ? formatLatency(account.latencyMs) : '—'}</td>
                <td>{formatDate(account.since)}</td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}
