/**
 * Keeps the encrypted catalog in the grid current: after every change (a few
 * seconds later, so a folder upload publishes once, not once per file; while
 * jobs run, at the end of their batch instead; but never more than a minute
 * after the first unpublished change however busy the grid is, and retried
 * with a growing pause while it fails) the
 * catalog, the grid's keys and its account list are sealed with the recovery
 * key and stored in the grid, with a pointer on every account. Restoring reads
 * it back on a fresh machine. See service/recovery for the formats.
 */
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import type { Catalog, CatalogSnapshot } from './catalog';
import { parseCatalogSnapshot } from './catalog';
import { findLatestCatalog, publishCatalog, recoveryKeyId, type RecoveryKey } from './recovery';
import type { AccountRuntime } from './accounts/account-runtime';
import type { GridConfig } from './grid-config';
import { describeLocation } from './accounts/backend-settings';
import { writeFileAtomic } from './atomic-file';
import { BoundedDebounce } from './bounded-debounce';

/** What the sealed catalog holds besides the file tree: enough to carry on with the same grid. */
const RecoveryBundleSchema = z.object({
  format: z.literal('raic-recovery-bundle'),
  version: z.literal(1),
  catalog: z.unknown(),
  convergence: z.string(),
  leaseSecret: z.string(),
  encoding: z.object({ needed: z.number(), happy: z.number(), total: z.number(), maxSegmentSize: z.number() }),
  accounts: z.array(z.object({ id: z.string(), name: z.string(), provider: z.string(), location: z.string() })),
});
export type RecoveryBundle = Omit<z.infer<typeof RecoveryBundleSchema>, 'catalog'> & { catalog: CatalogSnapshot };

export interface BackupState {
  seq: number;
  lastPublishedAt: number | null;
  catalogCap: string | null;
  problem: string | null;
}

export interface CatalogBackupDeps {
  dataDir: string;
  catalog: Catalog;
  config(): GridConfig;
  key(): Promise<RecoveryKey>;
  runtimes(): Promise<AccountRuntime[]>;
  grid(): Promise<{ convergence: Uint8Array; leaseSecret: Uint8Array }>;
  onPublished(state: BackupState): void;
  /** Shares a publish stored on an account (their own bytes), so usage measured on the backends counts the backup before the next listing. */
  noteStored?(accountId: string, bytes: number, shares: number): Promise<void>;
  onProblem(message: string): void;
  /** The backup has not been stored for STALE_AFTER_MS although the catalog changed: said once per stale spell. */
  onStale?(message: string): void;
  /**
   * Jobs are running and the end of their batch publishes (raic-service.ts):
   * a quiet spell then does not publish (it would be one more full upload on
   * a busy link, replaced moments later); the ceiling still does.
   */
  busy?(): boolean;
  debounceMs?: number;
  maxWaitMs?: number;
}

const DEFAULT_DEBOUNCE_MS = 3000;
const DEFAULT_MAX_WAIT_MS = 60_000;
const FIRST_RETRY_MS = 60_000;
const LONGEST_RETRY_MS = 15 * 60_000;
export const STALE_AFTER_MS = 15 * 60_000;

const stateFile = (dataDir: string) => path.join(dataDir, 'private', 'recovery-state.json');

export async function readBackupState(dataDir: string): Promise<BackupState> {
  try {
    const parsed = JSON.parse(await fs.readFile(stateFile(dataDir), 'utf8')) as Partial<BackupState>;
    return { seq: parsed.seq ?? 0, lastPublishedAt: parsed.lastPublishedAt ?? null, catalogCap: parsed.catalogCap ?? null, problem: null };
  } catch {
    return { seq: 0, lastPublishedAt: null, catalogCap: null, problem: null };
  }
}

export async function writeBackupState(dataDir: string, state: BackupState): Promise<void> {
  const { problem: _problem, ...persisted } = state;
  await writeFileAtomic(stateFile(dataDir), `${JSON.stringify(persisted)}\n`, 0o600);
}

export class CatalogBackup {
  private readonly debounce: BoundedDebounce;
  private readonly maxWaitMs: number;
  /** Set while a quiet spell was passed over for running jobs: publishes at the ceiling unless something publishes first. */
  private ceilingTimer: NodeJS.Timeout | undefined;
  private retryTimer: NodeJS.Timeout | undefined;
  private retryMs = FIRST_RETRY_MS;
  /** The first change the stored backup does not have yet (survives failed publishes, unlike the debounce's). */
  private unpublishedSince: number | undefined;
  private staleReported = false;
  private running: Promise<void> | undefined;
  private again = false;
  /** A change came after the snapshot of the last publish began (or that publish failed): the stored backup lacks it. */
  private dirty = false;
  private stopped = false;
  private unsubscribe: () => void;

  constructor(
    private readonly deps: CatalogBackupDeps,
    private state: BackupState,
  ) {
    this.maxWaitMs = deps.maxWaitMs ?? DEFAULT_MAX_WAIT_MS;
    this.debounce = new BoundedDebounce(() => this.debounced(), deps.debounceMs ?? DEFAULT_DEBOUNCE_MS, this.maxWaitMs);
    this.unsubscribe = deps.catalog.onChange(() => this.schedule());
  }

  status(): BackupState {
    return { ...this.state };
  }

  /** Publishes soon (debounced); call after changes the catalog does not see (accounts, encoding). */
  schedule(): void {
    if (this.stopped) return;
    this.unpublishedSince ??= Date.now();
    this.dirty = true;
    this.debounce.poke();
  }

  /** Publishes now if the stored backup lacks a change (the end of a batch of jobs); nothing to do otherwise. */
  async publishIfPending(): Promise<void> {
    if (this.stopped || !this.dirty) return;
    await this.publishNow();
  }

  /** The debounce fired: publish, unless jobs are running and the ceiling is still ahead (their batch's end publishes). */
  private debounced(): void {
    const now = Date.now();
    const ceilingAt = (this.unpublishedSince ?? now) + this.maxWaitMs;
    if (this.deps.busy?.() && now < ceilingAt) {
      this.ceilingTimer ??= setTimeout(() => {
        this.ceilingTimer = undefined;
        void this.publishNow().catch(() => undefined);
      }, ceilingAt - now);
      this.ceilingTimer.unref();
      return;
    }
    void this.publishNow().catch(() => undefined);
  }

  /** Publishes now (one at a time: a change during a publish triggers one more afterwards). */
  async publishNow(): Promise<BackupState> {
    this.debounce.cancel();
    clearTimeout(this.retryTimer);
    clearTimeout(this.ceilingTimer);
    this.ceilingTimer = undefined;
    if (this.running) {
      this.again = true;
      await this.running;
      return this.status();
    }
    this.running = this.publishOnce();
    try {
      await this.running;
    } finally {
      this.running = undefined;
    }
    if (this.again && this.dirty && !this.stopped) {
      this.again = false;
      return this.publishNow();
    }
    this.again = false;
    return this.status();
  }

  /**
   * Stops scheduling and waits for a publish in progress; when asked to flush,
   * first publishes every change the stored backup lacks, including changes
   * made while a publish was already running (its snapshot was taken before
   * them: the end of a batch of jobs often lands just so).
   */
  async stop(options: { flush?: boolean } = {}): Promise<void> {
    this.unsubscribe();
    clearTimeout(this.retryTimer);
    clearTimeout(this.ceilingTimer);
    if (options.flush) {
      // A publish that finishes may start the next one at once (for changes made while it ran): wait for each.
      while (this.running) await this.running.catch(() => undefined);
      if (this.dirty) await this.publishNow().catch(() => undefined);
    }
    this.debounce.cancel();
    clearTimeout(this.retryTimer);
    clearTimeout(this.ceilingTimer);
    this.stopped = true;
    await this.running?.catch(() => undefined);
  }

  /** Adopts the pointer sequence found at a restore, so the next publish supersedes it. */
  async adoptSeq(seq: number): Promise<void> {
    this.state = { ...this.state, seq: Math.max(this.state.seq, seq) };
    await writeBackupState(this.deps.dataDir, this.state);
  }

  private async publishOnce(): Promise<void> {
    // Changes from here on may miss the snapshot below: they mark the backup dirty again.
    this.dirty = false;
    const runtimes = await this.deps.runtimes();
    const config = this.deps.config();
    const grid = await this.deps.grid();
    const bundle: RecoveryBundle = {
      format: 'raic-recovery-bundle',
      version: 1,
      catalog: this.deps.catalog.exportSnapshot(),
      convergence: Buffer.from(grid.convergence).toString('base64'),
      leaseSecret: Buffer.from(grid.leaseSecret).toString('base64'),
      encoding: { ...config.encoding },
      accounts: config.accounts.map((a) => ({ id: a.id, name: a.name, provider: a.provider, location: describeLocation(a) })),
    };
    const seq = this.state.seq + 1;
    const startedAt = Date.now();
    try {
      const published = await publishCatalog({
        servers: runtimes.map((r) => r.server),
        auxStores: runtimes.map((r) => r.aux),
        encoding: config.encoding,
        leaseSecret: grid.leaseSecret,
        key: await this.deps.key(),
        snapshot: new TextEncoder().encode(JSON.stringify(bundle)),
        seq,
      });
      // Figures only, and noted before the status says published: a failure leaves them short until the next listing.
      await Promise.all(published.sharesStored.map((stored) => this.deps.noteStored?.(stored.serverId, stored.bytes, stored.shares).catch(() => undefined)));
      this.state = { seq, lastPublishedAt: published.createdAt, catalogCap: published.catalogCap, problem: null };
      if (published.pointerFailures.length > 0) {
        this.state.problem = `The recovery pointer could not be written to ${published.pointerFailures.map((f) => `"${f.accountName}" (${f.reason})`).join(', ')}.`;
        this.deps.onProblem(this.state.problem);
      }
      await writeBackupState(this.deps.dataDir, this.state);
      this.published(startedAt);
      this.deps.onPublished(this.status());
    } catch (error) {
      const problem = `The catalog backup could not be stored in the grid: ${error instanceof Error ? error.message : String(error)}`;
      this.state = { ...this.state, problem };
      this.dirty = true;
      this.deps.onProblem(problem);
      this.failed();
      throw error;
    }
  }

  /** Changes made while this publish ran are not in it: they stay unpublished. */
  private published(startedAt: number): void {
    this.retryMs = FIRST_RETRY_MS;
    this.staleReported = false;
    if (this.unpublishedSince !== undefined && this.unpublishedSince <= startedAt) this.unpublishedSince = this.debounce.pendingSince;
  }

  /** Retries with a growing pause (an offline grid is not hammered), and says once when the backup has gone stale. */
  private failed(): void {
    if (this.stopped) return;
    this.unpublishedSince ??= Date.now();
    clearTimeout(this.retryTimer);
    this.retryTimer = setTimeout(() => {
      this.retryTimer = undefined;
      void this.publishNow().catch(() => undefined);
    }, this.retryMs);
    this.retryTimer.unref();
    this.retryMs = Math.min(this.retryMs * 2, LONGEST_RETRY_MS);
    const staleFor = Date.now() - this.unpublishedSince;
    if (staleFor >= STALE_AFTER_MS && !this.staleReported) {
      this.staleReported = true;
      const minutes = Math.round(staleFor / 60_000);
      this.deps.onStale?.(
        `Your recovery backup is ${minutes} minutes behind: changes since then would be missing from a restore. RAIC keeps retrying; check that your accounts are online.`,
      );
    }
  }
}

/** Reads the newest sealed catalog the accounts point to and checks its shape. */
export async function loadRecoveryBundle(
  runtimes: readonly AccountRuntime[],
  key: RecoveryKey,
): Promise<{ bundle: RecoveryBundle; seq: number; createdAt: number; fellBackFrom?: number; unreadable: { seq: number; reason: string }[] }> {
  const found = await findLatestCatalog({ servers: runtimes.map((r) => r.server), auxStores: runtimes.map((r) => r.aux), key });
  let raw: unknown;
  try {
    raw = JSON.parse(new TextDecoder().decode(found.snapshot));
  } catch {
    throw new Error('The catalog found in the grid is not readable JSON; it may come from a newer RAIC.');
  }
  const parsed = RecoveryBundleSchema.safeParse(raw);
  if (!parsed.success) throw new Error('The catalog found in the grid has an unknown format; it may come from a newer RAIC.');
  return {
    bundle: { ...parsed.data, catalog: parseCatalogSnapshot(parsed.data.catalog) },
    seq: found.seq,
    createdAt: found.createdAt,
    fellBackFrom: found.fellBackFrom,
    unreadable: found.unreadableCatalogs,
  };
}

export function keyIdOf(key: RecoveryKey): string {
  return recoveryKeyId(key);
}
