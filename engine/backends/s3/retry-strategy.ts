import type { S3ClientConfig } from '@aws-sdk/client-s3';
import { backoffDelayMs, type RetryPolicy } from '../common/retry';

type AnyRetryStrategy = NonNullable<S3ClientConfig['retryStrategy']>;
/** The SDK's token-based retry interface, taken from the client's own config type. */
type TokenRetryStrategy = Extract<AnyRetryStrategy, { refreshRetryTokenForRetry: unknown }>;
type RetryToken = Awaited<ReturnType<TokenRetryStrategy['acquireInitialRetryToken']>>;
type RetryErrorInfo = Parameters<TokenRetryStrategy['refreshRetryTokenForRetry']>[1];

function token(retryCount: number, delayMs: number): RetryToken {
  return { getRetryCount: () => retryCount, getRetryDelay: () => delayMs };
}

/**
 * Retries what the SDK classifies as transient (connection errors, timeouts),
 * throttling (503 SlowDown) and server errors (5xx), with exponential backoff
 * and a bounded count; client errors (4xx) fail at once. Unlike the SDK's
 * "standard" mode it has no shared retry quota, so one slow upload cannot use
 * up the retries of others.
 */
export function boundedBackoffRetryStrategy(policy: RetryPolicy): TokenRetryStrategy {
  return {
    mode: 'raic-bounded-backoff',
    async acquireInitialRetryToken() {
      return token(0, 0);
    },
    async refreshRetryTokenForRetry(previous: RetryToken, errorInfo: RetryErrorInfo) {
      const retries = previous.getRetryCount();
      if (errorInfo.errorType === 'CLIENT_ERROR' || retries + 1 >= policy.maxAttempts) {
        throw new Error('no more retries');
      }
      const hinted = errorInfo.retryAfterHint ? errorInfo.retryAfterHint.getTime() - Date.now() : 0;
      return token(retries + 1, Math.max(backoffDelayMs(policy, retries), Math.min(hinted, policy.maxDelayMs)));
    },
    recordSuccess() {},
  } as TokenRetryStrategy;
}
