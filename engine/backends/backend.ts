/**
 * The code half of a provider folder: how to open a BlobStore for an account
 * as the user entered it. The other half, the pure descriptor (provider.ts),
 * is what shared/ and the renderer see; registry.ts pairs the two.
 */
import type { RetryPolicy } from './common/retry';
import type { BlobStore } from './types';

export interface BackendOptions {
  /** How long a request may go without bytes moving before it is abandoned (for backends with such a timeout). */
  requestTimeoutMs?: number;
  /** Tries and backoff for transient failures (retrying.ts, or the SDK's strategy where the backend keeps one). */
  retry?: Partial<RetryPolicy>;
  /**
   * A random key the service keeps in the secret store for this account, the
   * same every run, for backends that encrypt their own working files with it
   * (the rclone bridge's config file).
   */
  accountKey?: string;
  /**
   * Told the secret fields a backend renewed by itself (an OAuth token rclone
   * refreshed, possibly rotating the refresh token), so the service stores
   * them where the account's secrets are kept.
   */
  onSecretFieldsChanged?: (fields: Record<string, string>) => Promise<void>;
}

export interface BlobBackend<Input> {
  /** Opens a store on the account's settings and secrets (never logged). */
  open(input: Input, options: BackendOptions): BlobStore;
  /**
   * Who retries transient failures: 'wrapper' opens the store behind
   * withRetry (retrying.ts); 'sdk' leaves it to the provider SDK, which is
   * given the same policy; 'none' for stores that do not touch a network.
   */
  retries: 'wrapper' | 'sdk' | 'none';
  /**
   * Creates the account's own folder when it is missing (the user asked for it
   * after a connection test said so); true when something was created. Absent
   * for backends that create it themselves or cannot.
   */
  createRoot?(input: Input, options: BackendOptions): Promise<boolean>;
}
