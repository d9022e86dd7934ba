/**
 * The dashboard: how safe the files are (first and biggest), their health
 * right now with a check button, one card per account, and usage over time.
 * Each part loads on its own and reloads, throttled, on the service's pushed
 * events, so a slow figure never holds the others back.
 */
import { useCallback } from 'react';
import type { GridStatus } from '../../../../shared/api';
import { useApi } from '../../app/ApiContext';
import { useReservedSpace } from '../../app/useReservedSpace';
import { useResource } from '../../app/useResource';
import { ResourceView } from '../../components/common';
import { ReencodeNotice } from '../../components/ReencodeNotice';
import { useHealthCheck } from '../health/useHealthCheck';
import { AccountCard } from './AccountCard';
import { GridHealthCard } from './GridHealthCard';
import { GridSummary } from './GridSummary';
import { RobustnessCard } from './RobustnessCard';
import { UsageHistoryCard } from './UsageHistoryCard';
import { useThrottledEvents } from './useThrottledEvents';
import '../health/health.css';
import './dashboard.css';

export function DashboardScreen({ status, onChanged }: { status: GridStatus; onChanged: () => void }) {
  const api = useApi();
  const robustness = useResource(() => api.getRobustness({}), [api], ['grid-health', 'accounts-changed', 'job'], 2000);
  const health = useResource(() => api.getHealth({}), [api], ['grid-health', 'account-health', 'health-event'], 1000);
  const usage = useResource(() => api.getUsage({}), [api], ['accounts-changed', 'grid-health', 'job'], 3000);
  const history = useResource(() => api.getUsageHistory({ days: 30 }), [api], ['accounts-changed', 'job'], 5000);
  // The frame's status does not follow account probes; ask it to, so the lights on the cards stay live.
  useThrottledEvents(['account-health', 'paused'], onChanged, 2000);

  const { reload: reloadRobustness } = robustness;
  const { reload: reloadHealth } = health;
  const { reload: reloadUsage } = usage;
  const afterCheck = useCallback(() => {
    void reloadRobustness();
    void reloadHealth();
    void reloadUsage();
    onChanged();
  }, [reloadRobustness, reloadHealth, reloadUsage, onChanged]);
  const check = useHealthCheck(afterCheck);

  // The two cards on top arrive after the account cards below them: their placeholders keep the room (700 px and 228 px
  // for the built-in grid's cards at 1024 to 1280 px wide, measured; then whatever they last took).
  const robustnessSpace = useReservedSpace('dashboard-robustness', 700);
  const healthSpace = useReservedSpace('dashboard-health', 228);

  const usageByAccount = new Map(usage.state === 'ready' ? usage.value.accounts.map((a) => [a.id, a]) : []);
  return (
    <div className="dashboard">
      <ReencodeNotice />
      <div className="dashboard-top">
        <ResourceView resource={robustness} what="how safe your files are" reserve={robustnessSpace.reserve}>
          {(report) => (
            <div ref={robustnessSpace.measure}>
              <RobustnessCard report={report} refreshing={robustness.state === 'ready' && robustness.refreshing} />
            </div>
          )}
        </ResourceView>
        <ResourceView resource={health} what="the health of your files" reserve={healthSpace.reserve}>
          {(grid) => (
            <div ref={healthSpace.measure}>
              <GridHealthCard health={grid} check={check} />
            </div>
          )}
        </ResourceView>
      </div>
      <section aria-labelledby="accounts-heading" className="dashboard-accounts">
        <h2 id="accounts-heading">Your storage accounts</h2>
        <GridSummary status={status} usage={usage.state === 'ready' ? usage.value : undefined} />
        <ul className="account-grid">
          {status.accounts.map((account) => (
            <AccountCard key={account.id} account={account} usage={usageByAccount.get(account.id)} />
          ))}
        </ul>
      </section>
      <ResourceView resource={history} what="usage over time">
        {(samples) => <UsageHistoryCard samples={samples} now={Date.now()} />}
      </ResourceView>
    </div>
  );
}
