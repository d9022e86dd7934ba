/**
 * What becomes of a job whose attempt failed: the sentence a person sees,
 * and whether it is tried again, after how long. A failure that waits for an
 * account (resume-on-account.ts) has its own count of tries and a capped
 * backoff; any other is retried while attempts remain and the error is
 * retryable. The owner's policy functions may throw: that is logged and the
 * default is used instead, so a broken policy never strands a job 'running'.
 */
import type { Attempt } from './attempt';
import { ACCOUNT_WAIT_MAX_ATTEMPTS, accountWaitDelayMs } from './resume-on-account';
import { describeErrorByDefault, isRetryableByDefault, retryDelayByDefault } from './retry-policy';
import type { JobRunnerOptions } from './runner-options';

export type RetryPolicies = Pick<JobRunnerOptions, 'isRetryable' | 'describeError' | 'retryDelayMs' | 'waitsForAccount'>;

export interface FailedAttemptVerdict {
  /** The sentence a person sees for the failure. */
  message: string;
  /** The wait before the next try; undefined when the job fails for good. */
  retryInMs: number | undefined;
}

export class RetryDecider {
  private readonly isRetryable: (error: unknown) => boolean;
  private readonly describeError: (error: unknown) => string;
  private readonly retryDelayMs: (failedAttempts: number) => number;
  private readonly waitsForAccount: (error: unknown) => boolean;

  /** `maxAttempts`: attempts that may fail before the job does (checked by the runner). */
  constructor(
    policies: RetryPolicies,
    private readonly maxAttempts: number,
    private readonly log: (line: string) => void,
  ) {
    this.isRetryable = policies.isRetryable ?? isRetryableByDefault;
    this.describeError = policies.describeError ?? describeErrorByDefault;
    this.retryDelayMs = policies.retryDelayMs ?? retryDelayByDefault;
    this.waitsForAccount = policies.waitsForAccount ?? (() => false);
  }

  /** Decides after `attempt` failed with `error`, and logs the failure with the decision. */
  afterFailure(attempt: Attempt, error: unknown): FailedAttemptVerdict {
    const row = attempt.row;
    const message = this.safely(() => this.describeError(error), describeErrorByDefault(error));
    const failedAttempts = attempt.failedBefore + 1;
    const waiting = this.safely(() => this.waitsForAccount(error), false);
    const retry = waiting ? failedAttempts < ACCOUNT_WAIT_MAX_ATTEMPTS : failedAttempts < this.maxAttempts && this.safely(() => this.isRetryable(error), false);
    this.log(`raic: job ${row.id} (${row.kind}) attempt ${attempt.number} failed${retry ? ', will retry' : ''}: ${message}`);
    if (!retry) return { message, retryInMs: undefined };
    const delay = waiting ? accountWaitDelayMs(failedAttempts) : Math.max(0, this.safely(() => this.retryDelayMs(failedAttempts), retryDelayByDefault(failedAttempts)));
    return { message, retryInMs: delay };
  }

  /** Runs one of the owner's policy functions; if it throws, logs that and uses the fallback. */
  private safely<T>(policy: () => T, fallback: T): T {
    try {
      return policy();
    } catch (error) {
      this.log(`raic: a job runner policy function failed: ${(error as Error)?.stack ?? String(error)}`);
      return fallback;
    }
  }
}
