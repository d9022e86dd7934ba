/** The runner's defaults for deciding whether a failed attempt is worth another try, and when. */

/** Errors that say "stop" rather than "try again": cancellations and errors marked permanent. */
export function isRetryableByDefault(error: unknown): boolean {
  if (typeof error !== 'object' || error === null) return true;
  const { name, permanent } = error as { name?: unknown; permanent?: unknown };
  if (name === 'UploadCancelledError' || name === 'AbortError') return false;
  return permanent !== true;
}

export function describeErrorByDefault(error: unknown): string {
  if (error instanceof Error && error.message) return error.message;
  if (typeof error === 'string' && error) return error;
  return 'The job failed without saying why; the details may be in the log.';
}

/** 1 s after the first failure, then 4 s, 16 s, ... */
export function retryDelayByDefault(failedAttempts: number): number {
  return 1000 * 4 ** Math.max(0, failedAttempts - 1);
}
