/**
 * Buttons that start a health pass, the busy state while it runs (every
 * button waits: the service runs one pass at a time) and the pass report,
 * announced politely to screen readers.
 */
import { PassReportView } from './PassReportView';
import type { CheckKind, useHealthCheck } from './useHealthCheck';

export interface CheckButton {
  kind: CheckKind;
  label: string;
  /** Shown on the button while its pass runs, e.g. "Checking…". */
  busyLabel: string;
  secondary?: boolean;
}

export function CheckButtons({ buttons, check }: { buttons: readonly CheckButton[]; check: ReturnType<typeof useHealthCheck> }) {
  const runningButton = buttons.find((b) => b.kind === check.running);
  return (
    <div className="check-buttons">
      <div className="check-button-row">
        {buttons.map((button) => (
          <button
            key={button.kind}
            type="button"
            className={button.secondary ? 'secondary' : undefined}
            disabled={check.running !== null}
            aria-busy={check.running === button.kind}
            onClick={() => void check.run(button.kind)}
          >
            {check.running === button.kind ? button.busyLabel : button.label}
          </button>
        ))}
      </div>
      <div role="status" aria-live="polite" className="check-status">
        {runningButton && (
          <p className="muted">
            <span className="busy-dot" aria-hidden="true" /> {runningButton.busyLabel} This can take a while with many files or slow accounts.
          </p>
        )}
        {check.outcome && !check.running && <PassReportView outcome={check.outcome} />}
      </div>
    </div>
  );
}
