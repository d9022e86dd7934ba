/**
 * A labelled input with its hint and its error, linked by aria-describedby so
 * a screen reader says why a value was refused, not just that it was.
 */
import type { InputHTMLAttributes, ReactNode } from 'react';

interface FieldProps extends Omit<InputHTMLAttributes<HTMLInputElement>, 'id' | 'onChange' | 'value'> {
  id: string;
  label: ReactNode;
  value: string;
  onValue: (value: string) => void;
  hint?: ReactNode;
  error?: string;
  /** Text after the input, e.g. a unit. */
  suffix?: ReactNode;
}

export function Field({ id, label, value, onValue, hint, error, suffix, className, ...input }: FieldProps) {
  const describedBy = [hint ? `${id}-hint` : '', error ? `${id}-error` : ''].filter(Boolean).join(' ') || undefined;
  return (
    <div className={`settings-field ${className ?? ''}`}>
      <label htmlFor={id}>{label}</label>
      <span className="settings-field-input">
        <input id={id} value={value} onChange={(event) => onValue(event.target.value)} aria-invalid={error ? true : undefined} aria-describedby={describedBy} {...input} />
        {suffix}
      </span>
      {hint && (
        <span id={`${id}-hint`} className="settings-hint">
          {hint}
        </span>
      )}
      {error && (
        <span id={`${id}-error`} className="form-error settings-error">
          {error}
        </span>
      )}
    </div>
  );
}
