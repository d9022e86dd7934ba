/** Where the user is in the wizard: every step by name, the current one marked for sight and for screen readers. */
export function WizardProgress({ steps, current }: { steps: readonly string[]; current: number }) {
  return (
    <ol className="wizard-progress" aria-label="Setup steps">
      {steps.map((title, index) => (
        <li key={title} className={index < current ? 'done' : index === current ? 'current' : undefined} aria-current={index === current ? 'step' : undefined}>
          <span className="wizard-progress-number" aria-hidden="true">
            {index < current ? '✓' : index + 1}
          </span>
          <span>{title}</span>
          {index < current && <span className="visually-hidden"> (done)</span>}
        </li>
      ))}
    </ol>
  );
}
