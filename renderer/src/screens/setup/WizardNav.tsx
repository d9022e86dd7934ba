/** Back and Next at the foot of every wizard step; Next says what it will do ("Use this protection", "Finish"). */
export function WizardNav({
  onBack,
  nextLabel = 'Next',
  onNext,
  nextDisabled,
  busyLabel,
}: {
  onBack?: () => void;
  nextLabel?: string;
  onNext: () => void;
  nextDisabled?: boolean;
  /** Shown on the Next button while its action runs. */
  busyLabel?: string;
}) {
  return (
    <div className="wizard-nav">
      {onBack ? (
        <button type="button" className="secondary" onClick={onBack} disabled={busyLabel !== undefined}>
          Back
        </button>
      ) : (
        <span />
      )}
      <button type="button" onClick={onNext} disabled={nextDisabled || busyLabel !== undefined}>
        {busyLabel ?? nextLabel}
      </button>
    </div>
  );
}
