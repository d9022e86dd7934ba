/** What a health pass the user started found, in one or two sentences. */
import { formatDuration } from '../../components/common';
import { HEALTH_ORDER, HEALTH_WORDS } from './healthWords';
import type { CheckOutcome, PassReport } from './useHealthCheck';

const DONE_WORDS = { check: 'Check finished', verify: 'Verification finished', repair: 'Repair finished' } as const;

export function passReportWords(report: PassReport): string {
  const files = `${report.filesChecked} file${report.filesChecked === 1 ? '' : 's'} checked`;
  const verified = report.filesVerified > 0 ? ` (${report.filesVerified} read in full to verify their contents)` : '';
  const states = HEALTH_ORDER.filter((h) => report.counts[h]).map((h) => `${report.counts[h]} ${HEALTH_WORDS[h].label.toLowerCase()}`);
  const repairs = [
    ...(report.repaired ? [`${report.repaired} repaired`] : []),
    ...(report.repairFailed ? [`${report.repairFailed} could not be repaired`] : []),
  ];
  const took = formatDuration(report.durationMs / 1000);
  return `${files}${verified}${states.length ? `: ${states.join(', ')}` : ''}${repairs.length ? `; ${repairs.join(', ')}` : ''}${took ? `, in ${took}` : ''}.`;
}

export function PassReportView({ outcome }: { outcome: CheckOutcome }) {
  if ('error' in outcome) {
    return (
      <p className="pass-report pass-report-error" role="alert">
        The {outcome.kind} could not run: {outcome.error}
      </p>
    );
  }
  return (
    <p className="pass-report" data-testid="pass-report">
      <strong>{DONE_WORDS[outcome.kind]}:</strong> {passReportWords(outcome.report)}
    </p>
  );
}
