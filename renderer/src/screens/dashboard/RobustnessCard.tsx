/**
 * The first and biggest thing on the dashboard: what the grid survives, in
 * the report's own plain words, then the figures behind them, then the weak
 * point and where to fix it.
 */
import type { GridRobustnessReport } from '../../../../shared/api';
import { routeHref } from '../../app/routes';
import { RobustnessFigures } from './RobustnessFigures';
import { listWords, splitSummary } from './robustnessWords';

export function RobustnessCard({ report, refreshing }: { report: GridRobustnessReport; refreshing: boolean }) {
  const { headline, detail } = splitSummary(report.summary);
  // The weak-point and durability sentences repeat what the box and the figures below say.
  const rest = detail
    .replace(/(Estimated yearly durability|Yearly durability of the weakest file):[^]*$/, '')
    .replace(report.weakestAccountNames.length > 0 ? /Losing [^]*? would lose (your )?files\./ : /^$/, '')
    .trim();
  return (
    <section className="card robustness-card" aria-labelledby="robustness-heading" aria-busy={refreshing} data-testid="robustness-card">
      <h2 id="robustness-heading">How safe your files are</h2>
      <p className="robustness-headline" data-testid="robustness-summary">
        {headline}
      </p>
      {rest && <p className="robustness-detail">{rest}</p>}
      <RobustnessFigures report={report} />
      <WeakPoint names={report.weakestAccountNames} tolerance={report.tolerance} />
    </section>
  );
}

function WeakPoint({ names, tolerance }: { names: readonly string[]; tolerance: number }) {
  if (names.length === 0) return null;
  return (
    <div className="weak-point" data-testid="weak-point">
      <strong>Weak point:</strong>{' '}
      {names.length === 1 ? <>losing {names[0]} alone would lose files.</> : <>losing {listWords(names)} together would lose files.</>}{' '}
      <a href={routeHref('accounts')}>Review your accounts</a>
      <div className="muted weak-point-hint">
        {tolerance === 0 ? 'It takes just one account failing. ' : tolerance > 0 ? `It takes ${tolerance + 1} accounts failing at once. ` : ''}Adding an account,
        or a different split of your files in Settings, raises that.
      </div>
    </div>
  );
}
