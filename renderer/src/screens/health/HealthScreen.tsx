/**
 * Health: the grid's state with buttons to check, verify or repair every
 * file now; the accounts as the monitor sees them; and the monitor's
 * history. Everything follows the service's pushed events live.
 */
import { useApi } from '../../app/ApiContext';
import { useResource } from '../../app/useResource';
import { formatDate, HealthBadge, ResourceView } from '../../components/common';
import type { GridHealth } from '../../../../shared/api';
import { AccountStatusTable } from './AccountStatusTable';
import { CheckButtons, type CheckButton } from './CheckButtons';
import { EventHistory } from './EventHistory';
import { HEALTH_WORDS } from './healthWords';
import { useHealthCheck } from './useHealthCheck';
import './health.css';

const BUTTONS: readonly CheckButton[] = [
  { kind: 'check', label: 'Check all files now', busyLabel: 'Checking all files…' },
  { kind: 'verify', label: 'Verify all files now', busyLabel: 'Verifying all files…', secondary: true },
];
const REPAIR: CheckButton = { kind: 'repair', label: 'Repair now', busyLabel: 'Repairing…', secondary: true };

export function HealthScreen() {
  const api = useApi();
  const health = useResource(() => api.getHealth({}), [api], ['account-health', 'grid-health', 'health-event'], 1000);
  const check = useHealthCheck(() => void health.reload());
  return (
    <div className="health-screen">
      <h2>Health</h2>
      <ResourceView resource={health} what="the health of your grid">
        {(grid) => (
          <>
            <div className="health-top">
              <ChecksCard grid={grid} check={check} />
              <section className="card" aria-labelledby="accounts-now-heading">
                <h2 id="accounts-now-heading">Your accounts right now</h2>
                <AccountStatusTable accounts={grid.accounts} />
              </section>
            </div>
            <EventHistory accounts={grid.accounts} />
          </>
        )}
      </ResourceView>
    </div>
  );
}

function ChecksCard({ grid, check }: { grid: GridHealth; check: ReturnType<typeof useHealthCheck> }) {
  const needsRepair = grid.status === 'degraded' || grid.status === 'at-risk';
  return (
    <section className="card" aria-labelledby="checks-heading">
      <h2 id="checks-heading">Your files</h2>
      <p>
        <HealthBadge health={grid.status} /> {HEALTH_WORDS[grid.status].explanation}
      </p>
      <p className="muted">
        {grid.lastPassAt === null ? 'No full check has run since RAIC started.' : `Last full check: ${formatDate(grid.lastPassAt)}.`} A check asks every account
        which shares it holds; verifying also reads every share and checks its contents, which takes longer.
      </p>
      <CheckButtons buttons={needsRepair ? [...BUTTONS, REPAIR] : BUTTONS} check={check} />
    </section>
  );
}
