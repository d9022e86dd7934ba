/**
 * Retries as a BlobStore wrapper (after Kopia's repo/blob/retrying): a failed
 * operation whose error says the provider was unreachable or busy is run
 * again, with exponential backoff, up to the policy's bound. Backends only
 * classify their failures (BackendConfigError 'unreachable', BackendBusyError);
 * how often and how patiently to retry is decided once, here, for every
 * network backend the registry opens (registry.ts).
 *
 * Whole operations are retried, so only what can be replayed is: a put of a
 * stream (its chunks are consumed by the first try) gets one try, as it always
 * had with WebDAV; the blob storage server writes whole buffers. A listing that
 * fails part-way is started again and skips the keys it already yielded.
 */
import { DEFAULT_RETRY_POLICY, backoff, withRetries, type RetryPolicy } from './common/retry';
import { runProbe } from './common/probe';
import { BackendBusyError, BackendConfigError, type BlobBody, type BlobInfo, type BlobRange, type BlobStore, type Capacity, type ConnectionCheck, type ConnectionTestResult, type Quota } from './types';

export { DEFAULT_RETRY_POLICY, type RetryPolicy };

/** Failures that may pass by themselves: the network, or a provider saying it is busy. */
export function isTransientBackendError(error: unknown): boolean {
  return (error instanceof BackendConfigError && error.reason === 'unreachable') || error instanceof BackendBusyError;
}

class RetryingBlobStore implements BlobStore {
  readonly kind: string;
  /** Present exactly when the inner store has it, so callers can still tell "cannot say" from "failed". */
  readonly quota?: () => Promise<Quota>;

  constructor(
    private readonly inner: BlobStore,
    private readonly policy: RetryPolicy,
  ) {
    this.kind = inner.kind;
    const innerQuota = inner.quota?.bind(inner);
    if (innerQuota) this.quota = () => this.retrying(innerQuota);
  }

  private retrying<T>(operation: () => Promise<T>): Promise<T> {
    return withRetries(this.policy, isTransientBackendError, operation);
  }

  get(key: string, range?: BlobRange): Promise<Uint8Array> {
    return this.retrying(() => this.inner.get(key, range));
  }

  stat(key: string): Promise<BlobInfo | undefined> {
    return this.retrying(() => this.inner.stat(key));
  }

  put(key: string, body: BlobBody): Promise<void> {
    if (!(body instanceof Uint8Array)) return this.inner.put(key, body);
    return this.retrying(() => this.inner.put(key, body));
  }

  delete(key: string): Promise<void> {
    return this.retrying(() => this.inner.delete(key));
  }

  async *list(prefix: string): AsyncIterable<BlobInfo> {
    const yielded = new Set<string>();
    for (let attempt = 1; ; attempt++) {
      try {
        for await (const info of this.inner.list(prefix)) {
          if (yielded.has(info.key)) continue;
          yielded.add(info.key);
          yield info;
        }
        return;
      } catch (error) {
        if (attempt >= this.policy.maxAttempts || !isTransientBackendError(error)) throw error;
        await backoff(this.policy, attempt - 1);
      }
    }
  }

  capacity(): Promise<Capacity> {
    return this.retrying(() => this.inner.capacity());
  }

  /** The common probe through this wrapper, so each of its steps is retried like any operation. */
  testConnection(): Promise<ConnectionTestResult> {
    const inner = this.inner;
    if (!inner.checkAccess) return inner.testConnection();
    return runProbe(this, () => this.checkAccess());
  }

  checkAccess(): Promise<ConnectionCheck> {
    return this.retrying(async () => {
      if (!this.inner.checkAccess) throw new Error(`the ${this.inner.kind} store has no access check`);
      return this.inner.checkAccess();
    });
  }

  close(): Promise<void> {
    return this.inner.close();
  }
}

/** A store that retries the transient failures of `store` under `policy` (defaults filled in). */
export function withRetry(store: BlobStore, policy: Partial<RetryPolicy> = {}): BlobStore {
  return new RetryingBlobStore(store, { ...DEFAULT_RETRY_POLICY, ...policy });
}
