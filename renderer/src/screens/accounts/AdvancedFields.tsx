/**
 * Settings most people never touch: a cap on what RAIC stores on the
 * account, and the two figures the robustness model assumes for it. The
 * defaults are shown so an empty field is not a mystery; the section opens by
 * itself when one of its fields has an error, so the error is never hidden.
 */
import { useEffect, useState } from 'react';
import { defaultRisk } from '../../../../shared/provider-defaults';
import { FormField, fieldId } from './FormField';
import { ADVANCED_INPUTS } from './formValues';
import type { AccountFormState } from './useAccountForm';

/** A fraction as a short percentage: 0.001 -> "0.1", 0.9995 -> "99.95". */
export function percent(fraction: number): string {
  return String(Number((fraction * 100).toPrecision(4)));
}

export function AdvancedFields({ formId, form }: { formId: string; form: AccountFormState }) {
  const defaults = defaultRisk(form.provider, form.values.preset || undefined);
  const hasError = Object.keys(ADVANCED_INPUTS).some((name) => form.shownErrors[name]);
  const [open, setOpen] = useState(hasError);
  useEffect(() => {
    if (hasError) setOpen(true);
  }, [hasError]);
  const props = (name: string) => ({
    id: fieldId(formId, name),
    name,
    kind: 'number' as const,
    value: form.values[name] ?? '',
    error: form.shownErrors[name],
    onChange: (value: string) => form.setValue(name, value),
    onBlur: () => form.blur(name),
  });
  return (
    <details className="advanced wide" open={open} onToggle={(e) => setOpen(e.currentTarget.open)}>
      <summary>Advanced settings</summary>
      <div className="advanced-fields">
        <FormField
          {...props('sizeLimitGB')}
          label="Size limit in GB"
          placeholder="No limit"
          help="The most RAIC may store on this account, e.g. to stay inside a free plan. Empty: no limit."
        />
        <FormField
          {...props('lossPercent')}
          label="Chance of losing its data in a year (%)"
          placeholder={percent(defaults.lossProbability)}
          help={`Used to estimate how safe your files are. Default for this kind of account: ${percent(defaults.lossProbability)} %.`}
        />
        <FormField
          {...props('availabilityPercent')}
          label="Time it is reachable (%)"
          placeholder={percent(defaults.availability)}
          help={`Used to estimate how often your files can be opened. Default: ${percent(defaults.availability)} %.`}
        />
      </div>
    </details>
  );
}
