/**
 * Bytes RAIC stores on each account as the backend holds them (what the
 * provider bills), split by what they are for: live files, versions, trash,
 * catalog backups, orphans (no running lease, no catalog entry) and
 * `unreferenced` (no catalog entry, but still leased: another client's
 * lease, or this grid's until a release or `raic gc`). Measured by listing
 * each account (reconcile), then kept current between listings by the
 * changes RAIC itself makes (adjust), and listed again when the last listing
 * is older than RECONCILE_AFTER_MS. Kept in `private/measured-usage.json` so
 * a short CLI run does not list every bucket again.
 *
 * Adjustments are saved on a short debounce (flush() on close), not per
 * upload: a folder of 1,000 small files would otherwise rewrite and fsync the
 * file 1,000 times. A crash loses at most the last few seconds of
 * adjustments; the figures are then a little low until the next listing,
 * which is what they always rest on.
 *
 * Bytes are what the backend holds, not the shares' own sizes: a local
 * folder's share file carries a 128-byte embedded-lease trailer
 * (engine/storage/local/share-trailer.ts), which its listing counts and
 * noteStoredShares is given (LeaseCollectingServer.storedBytesOfShare), so the
 * split (files, versions, trash...) adds up to the bytes on disk and the
 * trailers never show as space used by something else.
 */
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { describeError } from '../../engine/grid';
import { canCollectLeases } from '../../engine/storage/lease-collection';
import type { StorageServer } from '../../engine/storage/types';
import { writeFileAtomic } from '../atomic-file';
import { BoundedDebounce } from '../bounded-debounce';
import type { ReferenceCategory, ReferenceIndex } from './references';

export const MEASURED_CATEGORIES = ['files', 'versions', 'trash', 'catalogBackups', 'orphans', 'unreferenced'] as const;
export type MeasuredCategory = (typeof MEASURED_CATEGORIES)[number];

export interface MeasuredAccountUsage {
  accountId: string;
  /** Bytes per category; `total` is their sum. */
  bytes: Record<MeasuredCategory, number>;
  total: number;
  shareCount: number;
  /** When the account was last listed (ms since the epoch). */
  measuredAt: number;
}

/** Reconcile by listing when the last listing is older than this. */
export const RECONCILE_AFTER_MS = 6 * 60 * 60 * 1000;

const usageFile = (dataDir: string) => path.join(dataDir, 'private', 'measured-usage.json');

/**
 * What the saved figures count. 2: a local folder's share files whole
 * (trailer included). Figures saved by an earlier version (no `counts`) left
 * the trailers out: they are listed again at the next request.
 */
const COUNTS = 2;

export class MeasuredUsage {
  private accounts = new Map<string, MeasuredAccountUsage>();
  private loaded = false;
  private saving: Promise<void> = Promise.resolve();
  private readonly saveSoon = new BoundedDebounce(() => void this.queueSave().catch(() => undefined), 1_000, 5_000);

  constructor(
    private readonly deps: { dataDir: string; servers(): Promise<readonly StorageServer[]>; references: ReferenceIndex; now?(): number },
  ) {}

  private now(): number {
    return this.deps.now?.() ?? Date.now();
  }

  private async load(): Promise<void> {
    if (this.loaded) return;
    this.loaded = true;
    try {
      const saved = JSON.parse(await fs.readFile(usageFile(this.deps.dataDir), 'utf8')) as { counts?: number; accounts?: MeasuredAccountUsage[] };
      const current = saved.counts === COUNTS;
      for (const account of saved.accounts ?? []) this.accounts.set(account.accountId, current ? account : { ...account, measuredAt: 0 });
    } catch {
      // Nothing measured yet: the first request lists.
    }
  }

  private async save(): Promise<void> {
    this.saveSoon.cancel();
    await this.queueSave();
  }

  /** Saves run one after another, each writing the figures as they are when it starts. */
  private queueSave(): Promise<void> {
    const write = this.saving.then(() => writeFileAtomic(usageFile(this.deps.dataDir), `${JSON.stringify({ counts: COUNTS, accounts: [...this.accounts.values()] })}\n`, 0o600));
    this.saving = write.catch(() => undefined);
    return write;
  }

  /** Writes adjustments still waiting for the debounce (the service is closing). */
  async flush(): Promise<void> {
    if (this.saveSoon.pendingSince !== undefined) await this.save();
    await this.saving;
  }

  /** Lists every account that keeps leases and replaces its figures; returns the problems of accounts that could not be listed. */
  async reconcile(onlyStale = false): Promise<string[]> {
    await this.load();
    const problems: string[] = [];
    const now = this.now();
    for (const server of (await this.deps.servers()).filter(canCollectLeases)) {
      const known = this.accounts.get(server.serverId);
      if (onlyStale && known && now - known.measuredAt < RECONCILE_AFTER_MS) continue;
      try {
        const usage = emptyUsage(server.serverId, now);
        for (const share of await server.listStoredShares()) {
          const category = this.categoryOf(share.storageIndex, share.lease);
          usage.bytes[category] += share.bytes;
          usage.total += share.bytes;
          usage.shareCount++;
        }
        this.accounts.set(server.serverId, usage);
      } catch (error) {
        problems.push(`"${server.nickname}" could not be listed: ${describeError(error)}`);
      }
    }
    await this.save();
    return problems;
  }

  private categoryOf(storageIndex: string, lease: 'active' | 'expired' | 'none'): MeasuredCategory {
    const referenced: ReferenceCategory | undefined = this.deps.references.categoryOf(storageIndex);
    if (referenced) return referenced;
    return lease === 'active' ? 'unreferenced' : 'orphans';
  }

  /** A change RAIC made itself (shares stored or removed), applied until the next listing. */
  async adjust(accountId: string, category: MeasuredCategory, deltaBytes: number, deltaShares = 0): Promise<void> {
    await this.load();
    const usage = this.accounts.get(accountId);
    if (!usage || deltaBytes === 0) return;
    usage.bytes[category] = Math.max(0, usage.bytes[category] + deltaBytes);
    usage.total = MEASURED_CATEGORIES.reduce((sum, c) => sum + usage.bytes[c], 0);
    usage.shareCount = Math.max(0, usage.shareCount + deltaShares);
    this.saveSoon.poke();
  }

  /**
   * Shares RAIC just stored on an account, of a file or of a catalog backup:
   * `shares` new immutable shares taking `bytesHeld` bytes as the account
   * holds them, which is how its next listing will count them (on a local
   * folder, each share's file with its trailer: the caller converts with
   * ServiceContext.storedBytesOn, the one place that knows each account's
   * server).
   */
  async noteStoredShares(accountId: string, category: 'files' | 'catalogBackups', bytesHeld: number, shares: number): Promise<void> {
    await this.adjust(accountId, category, bytesHeld, shares);
  }

  /** Space was given back on these accounts: list them again at the next request rather than guess which category shrank. */
  async invalidate(accountIds: Iterable<string>): Promise<void> {
    await this.load();
    for (const id of accountIds) {
      const usage = this.accounts.get(id);
      if (usage) usage.measuredAt = 0;
    }
    await this.save();
  }

  /** Current figures, listing first the accounts never listed or listed too long ago. */
  async current(): Promise<{ accounts: Map<string, MeasuredAccountUsage>; problems: string[] }> {
    const problems = await this.reconcile(true);
    return { accounts: new Map(this.accounts), problems };
  }
}

function emptyUsage(accountId: string, measuredAt: number): MeasuredAccountUsage {
  return { accountId, bytes: Object.fromEntries(MEASURED_CATEGORIES.map((c) => [c, 0])) as Record<MeasuredCategory, number>, total: 0, shareCount: 0, measuredAt };
}
