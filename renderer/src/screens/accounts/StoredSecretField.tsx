/**
 * A secret a saved account already has. Its value never reaches the UI (the
 * service only says which secrets are stored), so the form says where it is
 * and offers to replace it with an empty password field; keeping it is the
 * default, and sends nothing.
 */
import { useEffect, useRef } from 'react';
import { FormField, type FormFieldProps } from './FormField';

interface StoredSecretFieldProps extends FormFieldProps {
  /** "your keychain" or "RAIC's encrypted secrets file". */
  storeName: string;
  replacing: boolean;
  onReplace(replacing: boolean): void;
}

/** "Secret access key" -> "secret access key", "Access key ID" -> "access key ID": for use inside a sentence. */
const inSentence = (label: string) => label.charAt(0).toLowerCase() + label.slice(1);

export function StoredSecretField({ storeName, replacing, onReplace, ...field }: StoredSecretFieldProps) {
  const replaceButton = useRef<HTMLButtonElement>(null);
  const wasReplacing = useRef(replacing);
  useEffect(() => {
    // Focus follows the change: into the new field, or back to "Replace" when the user keeps the stored one.
    if (replacing && !wasReplacing.current) document.getElementById(field.id)?.focus();
    if (!replacing && wasReplacing.current) replaceButton.current?.focus();
    wasReplacing.current = replacing;
  }, [replacing, field.id]);

  if (replacing) {
    return (
      <div className="stored-secret-replace">
        <FormField {...field} help={`Type the new value; the stored one is replaced when you save. ${field.help ?? ''}`} />
        <button type="button" className="secondary small" onClick={() => onReplace(false)}>
          Keep the stored {inSentence(field.label)}
        </button>
      </div>
    );
  }
  return (
    <div className="form-field stored-secret">
      <span className="stored-secret-label" id={`${field.id}-label`}>
        {field.label}
      </span>
      <div className="stored-secret-row">
        <span className="stored-secret-where" data-testid="stored-secret">
          <span aria-hidden="true">🔒 </span>Stored in {storeName}
        </span>
        <button
          type="button"
          className="secondary small"
          ref={replaceButton}
          aria-label={`Replace ${inSentence(field.label)}`}
          onClick={() => onReplace(true)}
        >
          Replace
        </button>
      </div>
    </div>
  );
}
