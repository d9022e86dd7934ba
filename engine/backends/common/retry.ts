/** How often and how patiently a failed backend operation is retried (retrying.ts; the S3 SDK's strategy). */
export interface RetryPolicy {
  /** Total tries, the first included. */
  maxAttempts: number;
  /** Delay before the first retry; doubles each time. */
  baseDelayMs: number;
  maxDelayMs: number;
}

export const DEFAULT_RETRY_POLICY: RetryPolicy = { maxAttempts: 4, baseDelayMs: 200, maxDelayMs: 5_000 };

/** Exponential backoff with jitter: between half and all of base * 2^retry, capped. */
export function backoffDelayMs(policy: RetryPolicy, retryNumber: number): number {
  const ceiling = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** retryNumber);
  return ceiling / 2 + Math.random() * (ceiling / 2);
}

/** Waits the backoff delay before retry number `retryNumber` (0 for the first retry). */
export function backoff(policy: RetryPolicy, retryNumber: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, backoffDelayMs(policy, retryNumber)));
}

/** Runs an operation, retrying it while isTransient says the failure may pass. */
export async function withRetries<T>(
  policy: RetryPolicy,
  isTransient: (error: unknown) => boolean,
  operation: (attempt: number) => Promise<T>,
): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await operation(attempt);
    } catch (error) {
      if (attempt >= policy.maxAttempts || !isTransient(error)) throw error;
      await backoff(policy, attempt - 1);
    }
  }
}
