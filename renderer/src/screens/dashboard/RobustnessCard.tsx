/**
 * The first and biggest thing on the dashboard: what the grid survives, in
 * the report's own plain words, then the figures behind them, then the weak
 * point and where to fix it.
 */
import type { GridRobustnessReport } from '../../../../shared/api';
import { routeHref } from '../../app/routes';
import { RobustnessFigures } from './RobustnessFigures';
import { MixedEncodingNotice } from './MixedEncodingNotice';
import { ONE_DISK_WORDS, splitSummary, weakPointWords } from './robustnessWords';

export function RobustnessCard({ report, refreshing }: { report: GridRobustnessReport; refreshing: boolean }) {
  const { headline, detail } = splitSummary(report.summary);
  // The weak-point and durability sentences repeat what the box and the figures below say.
  const rest = detail
    .replace(/(Estimated yearly durability|Yearly durability of the weakest file):[^]*$/, '')
    .replace(report.weakPointWords ?? /^$/, '')
    .replace(/All your accounts are folders on one disk:[^]*?protect against that\./, '')
    .trim();
  return (
    <section className="card robustness-card" aria-labelledby="robustness-heading" aria-busy={refreshing} data-testid="robustness-card">
      <h2 id="robustness-heading">How safe your files are</h2>
      <p className="robustness-headline" data-testid="robustness-summary">
        {headline}
      </p>
      {rest && <p className="robustness-detail">{rest}</p>}
      {report.oneDisk && <OneDiskNotice />}
      <RobustnessFigures report={report} />
      <MixedEncodingNotice report={report} />
      <WeakPoint report={report} />
    </section>
  );
}

/** The default grid: five folders on one disk. Said plainly, with the way out. */
function OneDiskNotice() {
  return (
    <div className="one-disk-notice" role="note" data-testid="one-disk-notice">
      <p>{ONE_DISK_WORDS}</p>
      <a className="button" href={routeHref('accounts', '/add')} data-testid="add-independent-account">
        Add a cloud account or a USB disk
      </a>
    </div>
  );
}

function WeakPoint({ report }: { report: GridRobustnessReport }) {
  const { weakestAccountNames: names, tolerance } = report;
  if (names.length === 0) return null;
  return (
    <div className="weak-point" data-testid="weak-point">
      <strong>Weak point:</strong>{' '}
      {weakPointWords(report)}{' '}
      <a href={routeHref('accounts')}>Review your accounts</a>
      <div className="muted weak-point-hint">
        {tolerance === 0 ? 'A single failure can lose files. ' : tolerance > 0 ? `It takes ${tolerance + 1} failures at once to lose a file. ` : ''}Adding an
        account on another disk or login, or a different split of your files in Settings, makes that less likely.
      </div>
    </div>
  );
}
