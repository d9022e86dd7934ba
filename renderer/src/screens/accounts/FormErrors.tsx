/**
 * How a form reports problems after a submit: one alert that screen readers
 * announce (every problem in words), and focus on the first input in error,
 * in the order the form shows them.
 */
import { PlainMessage } from '../../components/PlainMessage';
import { fieldId } from './FormField';
import type { FieldErrors } from './formValues';

export function ErrorSummary({ errors, formError, order }: { errors: FieldErrors; formError?: string; order: readonly string[] }) {
  const messages = order.filter((name) => errors[name]).map((name) => errors[name]!);
  if (!formError && messages.length === 0) return null;
  return (
    <div className="form-error-summary" role="alert" data-testid="form-errors">
      {formError && (
        <div className="form-error-text">
          <PlainMessage message={formError} />
        </div>
      )}
      {messages.length > 0 && (
        <>
          <p>{messages.length === 1 ? 'One field needs your attention:' : `${messages.length} fields need your attention:`}</p>
          <ul>
            {messages.map((message, index) => (
              <li key={index}>
                <PlainMessage message={message} />
              </li>
            ))}
          </ul>
        </>
      )}
    </div>
  );
}

/**
 * Moves focus to the first field in error. Runs on the next tick: a field in
 * the closed "Advanced" section becomes visible only after its re-render.
 */
export function focusFirstError(formId: string, order: readonly string[], errors: FieldErrors): void {
  const first = order.find((name) => errors[name]);
  if (first) setTimeout(() => document.getElementById(fieldId(formId, first))?.focus(), 0);
}
