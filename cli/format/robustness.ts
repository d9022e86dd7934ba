/** Robustness figures as text: the summary in words first, then the numbers (docs/robustness.md). */
import type { GridRobustnessReport } from '../../shared/api';
import { formatNines, yearlyOddsWords } from '../../shared/nines';

export function formatRobustness(report: GridRobustnessReport): string {
  const lines = [report.summary, ''];
  const { needed, happy, total } = report.encoding;
  lines.push(`encoding:        any ${needed} of ${total} shares rebuild a file; uploads reach at least ${happy} accounts (${report.accountCount} enabled)`);
  const shared = report.failureDomains.some((domain) => domain.accountIds.length > 1);
  const unit = shared ? 'failure' : 'account';
  const others = report.fileEncodings.filter((e) => e.needed !== needed || e.total !== total);
  if (others.length > 0) {
    const words = others.map((e) => `${e.files} file${e.files === 1 ? '' : 's'} still use${e.files === 1 ? 's' : ''} ${e.needed}-of-${e.total}`).join(', ');
    lines.push(`mixed encodings: ${words}; each is judged by its own (raic encoding ${needed}/${happy}/${total} --reencode re-encodes them)`);
  }
  lines.push(`tolerance:       ${toleranceLine(report.tolerance, unit, shared)}`);
  lines.push(`failure domains: ${report.failureDomains.length} (${report.failureDomains.map((d) => `${d.name}: ${d.accountIds.length} account${d.accountIds.length === 1 ? '' : 's'}`).join('; ')})`);
  if (report.weakPointWords) {
    lines.push(`weak point:      ${report.weakPointWords} (the likeliest way to lose a file: ${yearlyOddsWords(report.weakPointProbability)})`);
  }
  if (report.oneDisk) lines.push(`one disk:        this protects against a damaged folder or a bad sector, not against losing the disk or the computer; add a cloud account or a USB disk (raic account add)`);
  lines.push(`yearly loss:     ${report.annualLossProbability.toExponential(2)} (${formatNines(report.annualLossProbability)}) without repair, for the weakest file`);
  lines.push(`any file lost:   ${report.anyFileLossProbability.toExponential(2)} a year without repair, ${report.fileCount === 0 ? 'for a new file' : `over ${report.fileCount} file${report.fileCount === 1 ? '' : 's'}`}${report.anyFileLossExact ? '' : ' (upper bound)'}`);
  if (report.annualLossProbabilityWithRepair !== null) {
    lines.push(`with repair:     ${report.annualLossProbabilityWithRepair.toExponential(2)} (${formatNines(report.annualLossProbabilityWithRepair)})`);
    if (report.repairAssumptions) lines.push(`                 ${report.repairAssumptions}`);
  }
  lines.push(`availability:    ${(report.availability * 100).toPrecision(8).replace(/0+$/, '').replace(/\.$/, '')}%${report.availabilityAssumptions ? ` (${report.availabilityAssumptions})` : ''}`);
  lines.push(`overhead:        ${report.overhead.toFixed(2)}x`);
  lines.push(`monthly cost:    ${report.monthlyCost.toFixed(2)} ${report.currency}`);
  if (report.worstFilePath) lines.push(`worst file:      ${report.worstFilePath}`);
  return `${lines.join('\n')}\n`;
}

/** "any 1 failure may happen", never "any 0": with no tolerance it says what a single failure does. */
function toleranceLine(tolerance: number, unit: string, shared: boolean): string {
  if (tolerance < 0) return 'files are already unreadable';
  if (tolerance === 0) return shared ? 'none: a single failure (one account, or a whole failure domain) can lose files' : 'none: losing a single account can lose files';
  return `any ${tolerance} ${unit}${tolerance === 1 ? '' : 's'} may happen${shared ? ' (an account, or a whole failure domain)' : ''}`;
}
