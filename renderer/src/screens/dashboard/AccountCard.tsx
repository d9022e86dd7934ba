import type { AccountSummary } from '../../../../shared/api';
import { formatBytes } from '../../format';

const STATUS_LABEL: Record<AccountSummary['status'], string> = {
  online: 'Online',
  offline: 'Offline',
  disabled: 'Disabled',
  unknown: 'Checking…',
};

export function AccountCard({ account }: { account: AccountSummary }) {
  return (
    <li className="account-card" data-testid="account-card">
      <div className="account-title">
        <span className={`status-dot status-${account.status}`} aria-hidden="true" />
        <h3>{account.name}</h3>
        <span className="badge">{account.type === 'local' ? 'Local folder' : account.type}</span>
      </div>
      {/* Right-to-left box so a long path loses its start, not its end; <bdi> keeps the path itself left-to-right. */}
      <div className="account-location" title={account.location}>
        <bdi>{account.location}</bdi>
      </div>
      <dl className="account-facts">
        <div>
          <dt>Status</dt>
          <dd data-testid="account-status">{STATUS_LABEL[account.status]}</dd>
        </div>
        <div>
          <dt>Used by RAIC</dt>
          <dd data-testid="account-used">{formatBytes(account.bytesUsed)}</dd>
        </div>
        <div>
          <dt>Shares</dt>
          <dd data-testid="account-shares">{account.shareCount}</dd>
        </div>
      </dl>
      {account.problem && <p className="account-problem">{account.problem}</p>}
    </li>
  );
}
