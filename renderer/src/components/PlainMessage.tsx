/**
 * A message in plain words, with the raw technical text (what follows
 * "Details:", such as an error code) folded into a closed "Technical details"
 * disclosure: there for a support question, not in the way of reading.
 */
import { splitDetails } from '../../../shared/plain-errors';

export function PlainMessage({ message }: { message: string }) {
  const { text, details } = splitDetails(message);
  return (
    <>
      {text}
      {details && (
        <details className="technical-details">
          <summary>Technical details</summary>
          <code>{details}</code>
        </details>
      )}
    </>
  );
}
