/**
 * The first and biggest thing on the dashboard: what the grid survives, in
 * the report's own plain words, then the figures behind them, then the weak
 * point and where to fix it.
 */
import type { GridRobustnessReport } from '../../../../shared/api';
import { routeHref } from '../../app/routes';
import { RobustnessFigures } from './RobustnessFigures';
import { MixedEncodingNotice } from './MixedEncodingNotice';
import { splitSummary, weakPointWords } from './robustnessWords';

export function RobustnessCard({ report, refreshing }: { report: GridRobustnessReport; refreshing: boolean }) {
  const { headline, detail } = splitSummary(report.summary);
  // The weak-point and durability sentences repeat what the box and the figures below say.
  const rest = detail
    .replace(/(Estimated yearly durability|Yearly durability of the weakest file):[^]*$/, '')
    .replace(report.weakestAccountNames.length > 0 ? /(Losing [^]*? would lose (your )?files|If [^]*? files are lost)\./ : /^$/, '')
    .trim();
  return (
    <section className="card robustness-card" aria-labelledby="robustness-heading" aria-busy={refreshing} data-testid="robustness-card">
      <h2 id="robustness-heading">How safe your files are</h2>
      <p className="robustness-headline" data-testid="robustness-summary">
        {headline}
      </p>
      {rest && <p className="robustness-detail">{rest}</p>}
      <RobustnessFigures report={report} />
      <MixedEncodingNotice report={report} />
      <WeakPoint report={report} />
    </section>
  );
}

function WeakPoint({ report }: { report: GridRobustnessReport }) {
  const { weakestAccountNames: names, tolerance } = report;
  if (names.length === 0) return null;
  const failing = report.weakestDomainNames?.length ? 'a whole disk or login' : 'one account';
  return (
    <div className="weak-point" data-testid="weak-point">
      <strong>Weak point:</strong>{' '}
      {weakPointWords(report)}{' '}
      <a href={routeHref('accounts')}>Review your accounts</a>
      <div className="muted weak-point-hint">
        {tolerance === 0 ? `It takes just ${failing} failing. ` : tolerance > 0 ? `It takes ${tolerance + 1} failures at once. ` : ''}Adding an account,
        or a different split of your files in Settings, raises that.
      </div>
    </div>
  );
}
