/**
 * rclone options as rows of name and value, with a button to add a row, for
 * "Other rclone remote". The form keeps them as the `key=value` lines the
 * provider's schema checks (and the CLI takes), so its errors show here as
 * for any field. Secret options get password inputs and are never shown
 * back.
 */
import { useEffect, useState } from 'react';
import type { FormFieldProps } from './FormField';

interface Row {
  key: string;
  value: string;
}

function rowsOf(text: string): Row[] {
  const rows = text
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line) => {
      const equals = line.indexOf('=');
      return equals < 0 ? { key: line.trim(), value: '' } : { key: line.slice(0, equals).trim(), value: line.slice(equals + 1).trim() };
    });
  return rows.length > 0 ? rows : [{ key: '', value: '' }];
}

function textOf(rows: readonly Row[]): string {
  return rows
    .filter((row) => row.key.trim() !== '' || row.value.trim() !== '')
    .map((row) => `${row.key.trim()}=${row.value.trim()}`)
    .join('\n');
}

export function OptionRowsField({ id, name, label, value, help, error, required, secret, onChange, onBlur }: FormFieldProps & { secret: boolean }) {
  const [rows, setRows] = useState<Row[]>(() => rowsOf(value));
  // The form was reset (e.g. another provider picked): start from its value again; only an outside change of the value does that.
  useEffect(() => {
    if (textOf(rows) !== value) setRows(rowsOf(value));
  }, [value]);

  const update = (next: Row[]) => {
    setRows(next);
    onChange(textOf(next));
  };
  const helpId = `${id}-help`;
  const errorId = `${id}-error`;
  const describedBy = [error ? errorId : '', help ? helpId : ''].filter(Boolean).join(' ') || undefined;
  return (
    <fieldset className="form-field wide option-rows" id={id} aria-describedby={describedBy} aria-invalid={error ? true : undefined}>
      <legend>
        {label}
        {!required && <span className="optional"> (optional)</span>}
      </legend>
      {rows.map((row, index) => (
        <div className="option-row" key={index} data-testid={`${name}-row`}>
          <input
            aria-label={`${label}: name ${index + 1}`}
            value={row.key}
            placeholder="name, e.g. host"
            spellCheck={false}
            autoComplete="off"
            onBlur={onBlur}
            onChange={(event) => update(rows.map((r, i) => (i === index ? { ...r, key: event.target.value } : r)))}
          />
          <span aria-hidden="true">=</span>
          <input
            aria-label={`${label}: value ${index + 1}`}
            type={secret ? 'password' : 'text'}
            autoComplete={secret ? 'new-password' : 'off'}
            value={row.value}
            placeholder="value"
            spellCheck={false}
            onBlur={onBlur}
            onChange={(event) => update(rows.map((r, i) => (i === index ? { ...r, value: event.target.value } : r)))}
          />
          <button
            type="button"
            className="secondary small"
            aria-label={`Remove ${label.toLowerCase()} row ${index + 1}`}
            onClick={() => update(rows.length > 1 ? rows.filter((_, i) => i !== index) : [{ key: '', value: '' }])}
          >
            Remove
          </button>
        </div>
      ))}
      <button type="button" className="secondary small" onClick={() => setRows([...rows, { key: '', value: '' }])}>
        Add {secret ? 'a secret option' : 'an option'}
      </button>
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
    </fieldset>
  );
}
