/**
 * Which files a background pass reads in full (verifies). Verifying reads every
 * share, which costs cloud egress and time, so it is rationed: a token bucket
 * fills at `verifyBytesPerHour` and each verification spends what it read. The
 * files verified longest ago (never, first) go first, so over time the whole
 * grid is covered in rotation.
 *
 * The bucket may go into debt: a file bigger than one pass's allowance is still
 * verified when its turn comes, and the passes after it verify nothing until
 * the debt is paid, so the average stays within budget.
 */

export interface BudgetedFile {
  id: number;
  size: number;
  encoding: { needed: number; total: number };
}

/** Bytes of all of a file's shares: a k-of-n file stores about n/k times its size. */
export function estimatedShareBytes(file: BudgetedFile): number {
  return Math.ceil(file.size / file.encoding.needed) * file.encoding.total;
}

const HOUR_MS = 3_600_000;

export class VerifyBudget {
  private credit = 0;
  private lastRefillAt: number | null = null;
  private readonly lastVerifiedAt = new Map<number, number>();

  /**
   * Adds what accrued since the last pass, at most one interval's worth, so a
   * monitor that was stopped for a week does not read a week's budget at once.
   * The first pass starts with one interval's worth.
   */
  refill(bytesPerHour: number, intervalMs: number, now: number): void {
    const perInterval = (bytesPerHour * intervalMs) / HOUR_MS;
    const accrued = this.lastRefillAt === null ? perInterval : (bytesPerHour * Math.max(0, now - this.lastRefillAt)) / HOUR_MS;
    this.credit = Math.min(perInterval, this.credit + accrued);
    this.lastRefillAt = now;
  }

  /** The ids of the files this pass should verify. */
  choose(files: readonly BudgetedFile[]): Set<number> {
    const order = [...files].sort((a, b) => (this.lastVerifiedAt.get(a.id) ?? -Infinity) - (this.lastVerifiedAt.get(b.id) ?? -Infinity) || a.id - b.id);
    const chosen = new Set<number>();
    let planned = 0;
    for (const file of order) {
      if (planned >= this.credit) break;
      chosen.add(file.id);
      planned += estimatedShareBytes(file);
    }
    return chosen;
  }

  /** Share bytes read for any reason (verifying, or downloading to repair) come out of the same egress budget. */
  spend(bytesRead: number): void {
    this.credit -= bytesRead;
  }

  markVerified(fileId: number, now: number): void {
    this.lastVerifiedAt.set(fileId, now);
  }

  /** Forgets files no longer in the catalog. */
  retainOnly(fileIds: ReadonlySet<number>): void {
    for (const id of this.lastVerifiedAt.keys()) if (!fileIds.has(id)) this.lastVerifiedAt.delete(id);
  }
}
