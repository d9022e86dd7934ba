/**
 * The providers' quota and free space per account, asked at most every
 * QUOTA_REFRESH_MS (a cloud's quota call is a request, and `rclone about`
 * starts a process), never once per upload. Between two answers, the bytes
 * RAIC itself wrote to an account are taken off its free space, so a run of
 * uploads cannot overfill an account on a figure from before it started.
 * A failed question is asked again after QUOTA_RETRY_MS, not sooner.
 */
import type { Quota } from '../../engine/backends';

/** How long a provider's figures are used before the provider is asked again. */
export const QUOTA_REFRESH_MS = 10 * 60_000;
/** How long a failure to ask stands before the next try. */
export const QUOTA_RETRY_MS = 60_000;

export interface QuotaReading {
  /** The provider's figures (empty when it cannot tell any). */
  quota: Quota;
  /** When the provider was asked, or when asking it failed. */
  checkedAt: number;
  /** Bytes RAIC has written to the account since. */
  writtenSince: number;
  /** Why the last question failed (the figures are then the last good ones, if any). */
  problem?: string;
}

/** What the book needs of an opened account. */
export interface QuotaSource {
  account: { id: string };
  quota(): Promise<Quota>;
}

export class QuotaBook {
  private readonly readings = new Map<string, QuotaReading>();
  private readonly asking = new Map<string, Promise<QuotaReading>>();

  constructor(private readonly now: () => number = Date.now) {}

  /** The last reading, without asking anyone. */
  current(accountId: string): QuotaReading | undefined {
    return this.readings.get(accountId);
  }

  /** Free space now, as far as RAIC knows: the provider's figure less what RAIC wrote since; undefined when unknown. */
  freeBytes(accountId: string): number | undefined {
    const reading = this.readings.get(accountId);
    if (reading?.quota.freeBytes === undefined) return undefined;
    return Math.max(0, reading.quota.freeBytes - reading.writtenSince);
  }

  /** The reading, asking the provider first when the last one is too old (one question at a time per account). */
  async fresh(source: QuotaSource): Promise<QuotaReading> {
    const id = source.account.id;
    const last = this.readings.get(id);
    if (last && this.isCurrent(last)) return last;
    let pending = this.asking.get(id);
    if (!pending) {
      pending = this.ask(source).finally(() => this.asking.delete(id));
      this.asking.set(id, pending);
    }
    return pending;
  }

  /**
   * Refreshes every stale account, waiting at most `waitMs` (a slow provider
   * must not hold up a listing) and not at all for questions already under
   * way; what is not back by then is used next time.
   */
  async freshAll(sources: readonly QuotaSource[], waitMs = Infinity): Promise<void> {
    // A question another caller already waited for is not waited for again: a hung provider delays one caller, not every status request.
    const toAsk = sources.filter((source) => !this.asking.has(source.account.id) && !this.isCurrent(this.readings.get(source.account.id)));
    // Every upload asks: when nothing is stale (nearly always), no promises to settle and no timer to set and clear.
    if (toAsk.length === 0) return;
    const all = Promise.allSettled(toAsk.map((source) => this.fresh(source)));
    if (!Number.isFinite(waitMs)) {
      await all;
      return;
    }
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([all, new Promise((resolve) => (timer = setTimeout(resolve, waitMs)))]);
    clearTimeout(timer);
  }

  /** RAIC wrote `bytes` to the account: its free space is that much smaller until the provider is asked again. */
  noteWritten(accountId: string, bytes: number): void {
    const reading = this.readings.get(accountId);
    if (reading && bytes > 0) reading.writtenSince += bytes;
  }

  /** Forgets accounts that are gone, and asks again at the next chance for those that changed. */
  forgetExcept(accountIds: readonly string[]): void {
    const keep = new Set(accountIds);
    for (const id of [...this.readings.keys()]) if (!keep.has(id)) this.readings.delete(id);
  }

  /** The next question goes to the provider (after an edit, or when the user asks to check). */
  invalidate(accountId: string): void {
    this.readings.delete(accountId);
  }

  /** A reading recent enough to use without asking the provider again. */
  private isCurrent(reading: QuotaReading | undefined): boolean {
    return reading !== undefined && this.now() - reading.checkedAt < (reading.problem ? QUOTA_RETRY_MS : QUOTA_REFRESH_MS);
  }

  private async ask(source: QuotaSource): Promise<QuotaReading> {
    const id = source.account.id;
    const checkedAt = this.now();
    let reading: QuotaReading;
    try {
      reading = { quota: await source.quota(), checkedAt, writtenSince: 0 };
    } catch (error) {
      const last = this.readings.get(id);
      reading = { quota: last?.quota ?? {}, checkedAt, writtenSince: last?.writtenSince ?? 0, problem: error instanceof Error ? error.message : String(error) };
    }
    this.readings.set(id, reading);
    return reading;
  }
}
