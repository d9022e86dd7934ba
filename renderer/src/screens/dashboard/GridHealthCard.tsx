/**
 * The health of the files right now, in words: the grid's state with what it
 * means, how many files are in each state, the worst files (each a link to
 * its folder), and buttons to check or repair now.
 */
import type { GridHealth } from '../../../../shared/api';
import { formatDate } from '../../components/common';
import { CheckButtons, type CheckButton } from '../health/CheckButtons';
import { HEALTH_ORDER, HEALTH_WORDS } from '../health/healthWords';
import { HEALTH_ICON, StatusIcon } from '../health/StatusIcon';
import type { useHealthCheck } from '../health/useHealthCheck';
import { WorstFiles } from './WorstFiles';

const CHECK: CheckButton = { kind: 'check', label: 'Check now', busyLabel: 'Checking your files…' };
const REPAIR: CheckButton = { kind: 'repair', label: 'Repair now', busyLabel: 'Repairing your files…', secondary: true };

export function GridHealthCard({ health, check }: { health: GridHealth; check: ReturnType<typeof useHealthCheck> }) {
  const words = HEALTH_WORDS[health.status];
  const needsRepair = health.status === 'degraded' || health.status === 'at-risk';
  return (
    <section className="card grid-health-card" aria-labelledby="grid-health-heading">
      <h2 id="grid-health-heading">Health of your files</h2>
      <p className={`grid-health-state health-${health.status}`}>
        <StatusIcon shape={HEALTH_ICON[health.status]} />
        <strong data-testid="grid-health-state">{words.label}</strong>
      </p>
      <p className="grid-health-explanation">
        {health.status === 'healthy' && (health.counts.unknown ?? 0) > 0
          ? `No problem found so far; ${health.counts.unknown} file${health.counts.unknown === 1 ? ' has' : 's have'} not been checked yet.`
          : words.explanation}
      </p>
      <HealthCounts counts={health.counts} />
      <WorstFiles files={health.worstFiles} />
      <p className="muted last-pass">
        {health.lastPassAt === null ? 'No full check has run since RAIC started.' : `Last full check: ${formatDate(health.lastPassAt)}.`}
      </p>
      <CheckButtons buttons={needsRepair ? [CHECK, REPAIR] : [CHECK]} check={check} />
    </section>
  );
}

/** Files per state, worst first, leaving out states no file is in (except healthy, which reassures). */
function HealthCounts({ counts }: { counts: Record<string, number> }) {
  const shown = HEALTH_ORDER.filter((state) => (counts[state] ?? 0) > 0 || state === 'healthy');
  return (
    <ul className="health-counts" aria-label="Files by health">
      {shown.map((state) => (
        <li key={state} className={`health-${state}`}>
          <span className="count">{counts[state] ?? 0}</span> <span className="count-label">{state === 'unknown' ? 'not checked yet' : HEALTH_WORDS[state].label.toLowerCase()}</span>
        </li>
      ))}
    </ul>
  );
}
