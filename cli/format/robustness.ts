/** Robustness figures as text: the summary in words first, then the numbers (docs/robustness.md). */
import type { GridRobustnessReport } from '../../shared/api';
import { formatNines } from '../../shared/nines';

export function formatRobustness(report: GridRobustnessReport): string {
  const lines = [report.summary, ''];
  const { needed, happy, total } = report.encoding;
  lines.push(`encoding:        any ${needed} of ${total} shares rebuild a file; uploads reach ${happy} accounts (${report.accountCount} enabled)`);
  lines.push(`tolerance:       ${report.tolerance < 0 ? 'files are already unreadable' : `any ${report.tolerance} account${report.tolerance === 1 ? '' : 's'} may be lost`}`);
  if (report.weakestAccountNames.length > 0) lines.push(`weakest point:   losing ${report.weakestAccountNames.map((n) => `"${n}"`).join(' and ')} together would lose data`);
  lines.push(`yearly loss:     ${report.annualLossProbability.toExponential(2)} (${formatNines(report.annualLossProbability)}) without repair`);
  if (report.annualLossProbabilityWithRepair !== null) {
    lines.push(`with repair:     ${report.annualLossProbabilityWithRepair.toExponential(2)} (${formatNines(report.annualLossProbabilityWithRepair)})`);
    if (report.repairAssumptions) lines.push(`                 ${report.repairAssumptions}`);
  }
  lines.push(`availability:    ${(report.availability * 100).toPrecision(8).replace(/0+$/, '').replace(/\.$/, '')}%`);
  lines.push(`overhead:        ${report.overhead.toFixed(2)}x`);
  lines.push(`monthly cost:    ${report.monthlyCost.toFixed(2)} ${report.currency}`);
  if (report.worstFilePath) lines.push(`worst file:      ${report.worstFilePath}`);
  return `${lines.join('\n')}\n`;
}
