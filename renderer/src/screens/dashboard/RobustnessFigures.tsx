/**
 * The robustness figures, each a big value with a caption in words: what
 * the grid survives, durability in nines (with and without repair), how
 * often files can be read, how much space it takes, and what it costs.
 */
import type { ReactNode } from 'react';
import type { GridRobustnessReport } from '../../../../shared/api';
import { availabilityPercent, downtimeWords, durabilityParts, money, overheadFigure, toleranceFigure } from './robustnessWords';

export function RobustnessFigures({ report }: { report: GridRobustnessReport }) {
  const { needed, total } = report.encoding;
  const durability = durabilityParts(report.annualLossProbability);
  const tolerance = toleranceFigure(report);
  return (
    <dl className="figure-grid">
      <Figure term={tolerance.term} value={tolerance.value} testId="figure-tolerance" caption={tolerance.caption} />
      <Figure
        term="Durability"
        value={durability.headline}
        testId="figure-durability"
        caption={`${durability.percent ? `${durability.percent}; ` : ''}chance of losing the weakest file: ${durability.odds}${anyFileWords(report)}`}
      >
        <RepairFigure report={report} />
      </Figure>
      <Figure
        term="Availability"
        value={availabilityPercent(report.availability)}
        caption={`of the time your files can be read; unreachable ${downtimeWords(report.availability)}${report.availabilityAssumptions ? `. ${report.availabilityAssumptions}` : ''}`}
      />
      <Figure
        term="Space used"
        value={overheadFigure(report.overhead)}
        testId="figure-overhead"
        caption={`the size of your files: each is split into ${total} shares, any ${needed} of which rebuild it (${total}/${needed})`}
      />
      <Figure term="Cost per month" value={money(report.monthlyCost, report.currency)} caption="estimated from the prices in Settings" />
    </dl>
  );
}

/** Several files can each be lost: the chance that any one is, when it says more than the weakest file's. */
function anyFileWords(report: GridRobustnessReport): string {
  if (report.fileCount < 2 || !(report.anyFileLossProbability > report.annualLossProbability * 1.05)) return '';
  return `; of losing any file: ${report.anyFileLossExact ? '' : 'at most '}${durabilityParts(report.anyFileLossProbability).odds}`;
}

function Figure({ term, value, caption, testId, children }: { term: string; value: string; caption: string; testId?: string; children?: ReactNode }) {
  return (
    <div className="figure">
      <dt>{term}</dt>
      <dd>
        <span className="figure-value" data-testid={testId}>
          {value}
        </span>
        <span className="figure-caption">{caption}</span>
        {children}
      </dd>
    </div>
  );
}

/** The with-repair figure, and the assumptions it rests on behind a disclosure (they are long and only some people want them). */
function RepairFigure({ report }: { report: GridRobustnessReport }) {
  if (report.annualLossProbabilityWithRepair === null) {
    return <span className="figure-caption">Automatic repair is off, so this is also the figure with repair.</span>;
  }
  const withRepair = durabilityParts(report.annualLossProbabilityWithRepair);
  return (
    <details className="repair-details">
      <summary>
        With automatic repair: <strong>{withRepair.headline}</strong> ({withRepair.percent ? `${withRepair.percent}: ` : ''}{withRepair.odds})
      </summary>
      {report.repairAssumptions && <p>{report.repairAssumptions}</p>}
    </details>
  );
}
