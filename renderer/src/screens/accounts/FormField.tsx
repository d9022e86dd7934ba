/**
 * One labelled input with its help text and its error, tied together with
 * aria-describedby so a screen reader reads the help and the problem with
 * the field, and aria-invalid so the border turns red.
 */
import type { ProviderField } from '../../../../shared/accounts';

export interface FormFieldProps {
  id: string;
  name: string;
  label: string;
  kind: ProviderField['kind'];
  value: string;
  help?: string;
  error?: string;
  required?: boolean;
  options?: ProviderField['options'];
  placeholder?: string;
  /** Extra class on the wrapper, e.g. to span both columns. */
  className?: string;
  onChange(value: string): void;
  onBlur(): void;
}

/** Ids of the elements describing an input; forms use them to move focus to a field in error. */
export const fieldId = (formId: string, name: string) => `${formId}-${name}`;

export function FormField({ id, name, label, kind, value, help, error, required, options, placeholder, className, onChange, onBlur }: FormFieldProps) {
  const helpId = `${id}-help`;
  const errorId = `${id}-error`;
  const common = {
    id,
    name,
    value,
    'aria-invalid': error ? true : undefined,
    'aria-describedby': [error ? errorId : '', help ? helpId : ''].filter(Boolean).join(' ') || undefined,
    'aria-required': required || undefined,
    onBlur,
  };
  return (
    <div className={`form-field ${className ?? ''}`}>
      <label htmlFor={id}>
        {label}
        {!required && <span className="optional"> (optional)</span>}
      </label>
      {kind === 'select' ? (
        <select {...common} onChange={(e) => onChange(e.target.value)}>
          {(options ?? []).map((o) => (
            <option key={o.value} value={o.value}>
              {o.label}
            </option>
          ))}
        </select>
      ) : kind === 'textarea' ? (
        <textarea {...common} rows={4} spellCheck={false} placeholder={placeholder} onChange={(e) => onChange(e.target.value)} />
      ) : (
        <input
          {...common}
          type={kind === 'password' ? 'password' : kind === 'url' ? 'url' : 'text'}
          inputMode={kind === 'number' ? 'numeric' : undefined}
          // Browsers must not offer saved passwords or fill secrets in: the keychain is the one place for them.
          autoComplete={kind === 'password' ? 'new-password' : 'off'}
          spellCheck={false}
          placeholder={placeholder}
          onChange={(e) => onChange(e.target.value)}
        />
      )}
      {error && (
        <p className="field-error" id={errorId}>
          <span aria-hidden="true">⚠ </span>
          {error}
        </p>
      )}
      {help && (
        <p className="field-help" id={helpId}>
          {help}
        </p>
      )}
    </div>
  );
}
