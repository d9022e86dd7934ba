/**
 * Checks of what the page sends over IPC, run in main before anything is
 * forwarded: API inputs against the shared contract (the host checks again,
 * but a bad call should cost no trip to another process), and the save
 * dialog's suggested file name.
 */
import { ApiError, parseInput } from '../shared/api';
import type { BridgeResult } from '../shared/bridge';
import type { OperationName } from '../shared/operations';

/** undefined when the input is valid; otherwise the error result to hand back to the page. */
export function rejectInvalidInput(operation: OperationName, input: unknown): BridgeResult | undefined {
  try {
    parseInput(operation, input);
    return undefined;
  } catch (error) {
    if (error instanceof ApiError) return { ok: false, ...error.toBody() };
    return { ok: false, ...new ApiError('invalid_input', 'The request could not be read.').toBody() };
  }
}

const MAX_NAME_LENGTH = 200;

/**
 * A file name safe to suggest in the save dialog: the last path segment only
 * (the page must not pick the folder), no control or reserved characters, no
 * leading dots, bounded length; 'download' when nothing usable is left.
 */
export function safeDefaultFileName(value: unknown): string {
  if (typeof value !== 'string') return 'download';
  const lastSegment = value.split(/[/\\]/).pop() ?? '';
  // eslint-disable-next-line no-control-regex
  const cleaned = lastSegment.replace(/[\u0000-\u001f\u007f<>:"|?*]/g, '').replace(/^[.\s]+/, '').trim();
  return cleaned === '' ? 'download' : cleaned.slice(0, MAX_NAME_LENGTH);
}
