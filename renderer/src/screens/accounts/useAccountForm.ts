/**
 * State of one account form: the typed values, which inputs the user has
 * left (errors show only for those, so a half-filled form is not all red),
 * the errors, and a form-level message for errors no input owns (connection
 * failed, same place as another account).
 */
import { useCallback, useMemo, useState } from 'react';
import type { AccountInput, ProviderId } from '../../../../shared/accounts';
import { ADVANCED_INPUTS, providerInfo, serverError, validateAccount, type FieldErrors, type FormValues } from './formValues';

export interface AccountFormState {
  provider: ProviderId;
  values: FormValues;
  /** Errors of the inputs the user has left or after a submit. */
  shownErrors: FieldErrors;
  formError?: string;
  /** True once the user tried to test or save: from then on every problem is listed, not only those of visited inputs. */
  submitted: boolean;
  setValue(name: string, value: string): void;
  blur(name: string): void;
  /** Validates everything and shows all errors; `input` is undefined when something is wrong. */
  submit(): { input?: AccountInput; errors: FieldErrors };
  /** Shows a service error under its field (returned) or for the whole form. */
  showServerError(error: unknown): string | undefined;
  clearFormError(): void;
}

export function useAccountForm(provider: ProviderId, initial: FormValues, storedSecrets: readonly string[] = []): AccountFormState {
  const [values, setValues] = useState<FormValues>(initial);
  const [touched, setTouched] = useState<ReadonlySet<string>>(new Set());
  const [submitted, setSubmitted] = useState(false);
  const [serverErrors, setServerErrors] = useState<FieldErrors>({});
  const [formError, setFormError] = useState<string>();

  const errors = useMemo(() => validateAccount(provider, values, storedSecrets).errors, [provider, values, storedSecrets]);
  const shownErrors = useMemo(() => {
    const shown: FieldErrors = { ...serverErrors };
    // Leaving an empty field says nothing yet ("give a name" while tabbing through is nagging, and the message
    // appearing would shift the Save button under the pointer); what was typed wrongly is said at once.
    for (const [name, message] of Object.entries(errors)) if (submitted || (touched.has(name) && (values[name] ?? '').trim() !== '')) shown[name] = message;
    return shown;
  }, [errors, serverErrors, submitted, touched, values]);

  const setValue = useCallback((name: string, value: string) => {
    setValues((current) => ({ ...current, [name]: value }));
    // A server error is about the old value; typing makes it stale.
    setServerErrors((current) => (name in current ? Object.fromEntries(Object.entries(current).filter(([key]) => key !== name)) : current));
  }, []);

  const blur = useCallback((name: string) => setTouched((current) => (current.has(name) ? current : new Set(current).add(name))), []);

  const submit = useCallback(() => {
    setSubmitted(true);
    setFormError(undefined);
    return validateAccount(provider, values, storedSecrets);
  }, [provider, values, storedSecrets]);

  const showServerError = useCallback((error: unknown) => {
    const { field, message } = serverError(error);
    const known = field !== undefined && (field === 'name' || field in ADVANCED_INPUTS || providerInfo(provider).fields.some((f) => f.name === field));
    if (known) setServerErrors((current) => ({ ...current, [field]: message }));
    else setFormError(message);
    return known ? field : undefined;
  }, [provider]);

  return { provider, values, shownErrors, formError, submitted, setValue, blur, submit, showServerError, clearFormError: () => setFormError(undefined) };
}
