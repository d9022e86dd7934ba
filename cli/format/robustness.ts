/** Robustness figures as text: the summary in words first, then the numbers (docs/robustness.md). */
import type { GridRobustnessReport } from '../../shared/api';
import { formatNines } from '../../shared/nines';

export function formatRobustness(report: GridRobustnessReport): string {
  const lines = [report.summary, ''];
  const { needed, happy, total } = report.encoding;
  lines.push(`encoding:        any ${needed} of ${total} shares rebuild a file; uploads reach ${happy} accounts (${report.accountCount} enabled)`);
  const shared = report.failureDomains.some((domain) => domain.accountIds.length > 1);
  const unit = shared ? 'failure' : 'account';
  const others = report.fileEncodings.filter((e) => e.needed !== needed || e.total !== total);
  if (others.length > 0) {
    const words = others.map((e) => `${e.files} file${e.files === 1 ? '' : 's'} still use${e.files === 1 ? 's' : ''} ${e.needed}-of-${e.total}`).join(', ');
    lines.push(`mixed encodings: ${words}; each is judged by its own (raic encoding ${needed}/${happy}/${total} --reencode re-encodes them)`);
  }
  lines.push(`tolerance:       ${report.tolerance < 0 ? 'files are already unreadable' : `any ${report.tolerance} ${unit}${report.tolerance === 1 ? '' : 's'} may happen${shared ? ' (an account, or a whole failure domain)' : ''}`}`);
  lines.push(`failure domains: ${report.failureDomains.length} (${report.failureDomains.map((d) => `${d.name}: ${d.accountIds.length} account${d.accountIds.length === 1 ? '' : 's'}`).join('; ')})`);
  if (report.weakestAccountNames.length > 0) {
    const domains = report.weakestDomainNames.length > 0 ? `${report.weakestDomainNames.join(' and ')}, that is ` : '';
    lines.push(`weakest point:   losing ${domains}${report.weakestAccountNames.map((n) => `"${n}"`).join(' and ')} together would lose data`);
  }
  lines.push(`yearly loss:     ${report.annualLossProbability.toExponential(2)} (${formatNines(report.annualLossProbability)}) without repair, for the weakest file`);
  lines.push(`any file lost:   ${report.anyFileLossProbability.toExponential(2)} a year without repair${report.anyFileLossExact ? '' : ' (upper bound)'}`);
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
