/** The dashboard: the grid at a glance and one card per account. */
import type { GridStatus } from '../../../../shared/api';
import { AccountCard } from './AccountCard';
import { GridSummary } from './GridSummary';

export function DashboardScreen({ status }: { status: GridStatus; onChanged: () => void }) {
  return (
    <>
      <GridSummary status={status} />
      <section aria-labelledby="accounts-heading">
        <h2 id="accounts-heading">Accounts</h2>
        <ul className="account-grid">
          {status.accounts.map((account) => (
            <AccountCard key={account.id} account={account} />
          ))}
        </ul>
      </section>
    </>
  );
}
