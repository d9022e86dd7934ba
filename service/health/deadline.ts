/**
 * Bounded waits. The engine's checks and an account's probe do not all honour
 * an AbortSignal, so the caller stops waiting when the signal fires rather than
 * relying on the work to notice: the work may run on in the background, but no
 * caller is ever stuck behind a cloud that stopped answering.
 */

export class DeadlineError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'DeadlineError';
  }
}

/** Settles with `work`, or rejects with the signal's reason as soon as the signal fires. */
export function untilAborted<T>(work: Promise<T>, signal: AbortSignal | undefined): Promise<T> {
  if (!signal) return work;
  if (signal.aborted) {
    work.catch(() => undefined); // nobody waits for it any more; keep its failure from going unhandled
    return Promise.reject(signal.reason);
  }
  return new Promise<T>((resolve, reject) => {
    const onAbort = (): void => {
      work.catch(() => undefined);
      reject(signal.reason);
    };
    signal.addEventListener('abort', onAbort, { once: true });
    work.then(resolve, reject).finally(() => signal.removeEventListener('abort', onAbort));
  });
}

/**
 * Runs `run` with a signal that fires after `timeoutMs` (rejecting with a
 * DeadlineError whose message starts with `what`) or when `outer` fires.
 */
export async function withDeadline<T>(what: string, timeoutMs: number, run: (signal: AbortSignal) => Promise<T>, outer?: AbortSignal): Promise<T> {
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(new DeadlineError(`${what} did not answer within ${formatDuration(timeoutMs)}`)), timeoutMs);
  timer.unref?.();
  const onOuterAbort = (): void => controller.abort(outer?.reason);
  if (outer?.aborted) onOuterAbort();
  else outer?.addEventListener('abort', onOuterAbort, { once: true });
  try {
    return await untilAborted(Promise.resolve().then(() => run(controller.signal)), controller.signal);
  } finally {
    clearTimeout(timer);
    outer?.removeEventListener('abort', onOuterAbort);
  }
}

/** "10 s", "4 min", "2 h": how long, in the unit a person would use. */
export function formatDuration(ms: number): string {
  if (ms < 1000) return `${Math.round(ms)} ms`;
  if (ms < 120_000) return `${Math.round(ms / 1000)} s`;
  if (ms < 2 * 3_600_000) return `${Math.round(ms / 60_000)} min`;
  if (ms < 2 * 86_400_000) return `${Math.round(ms / 3_600_000)} h`;
  return `${Math.round(ms / 86_400_000)} days`;
}
