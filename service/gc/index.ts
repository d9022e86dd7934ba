/**
 * The grid's space keeping, in one place the service builds once: holds on
 * storage indexes uploads rely on, what the catalog references, prompt
 * release (the ReleaseFiles port), lease renewal when due, `raic gc`, the
 * orphan sweep and usage measured on the backends. See docs/storage.md
 * "Leases and garbage collection".
 */
import { promises as fs } from 'node:fs';
import path from 'node:path';
import type { StorageServer } from '../../engine/storage/types';
import type { Catalog } from '../catalog';
import { writeFileAtomic } from '../atomic-file';
import { CatalogBackupHistory } from './catalog-backups';
import { runGarbageCollection, type GcReport } from './collect';
import { storageIndexHolds, type StorageIndexHolds } from './holds';
import { MeasuredUsage } from './measured-usage';
import { findOrphans, removeOrphans } from './orphans';
import { catalogFileReferences, catalogRetainedReferences, ReferenceIndex, type ReferenceSource } from './references';
import { createReleaseFiles, type ReleaseFiles, type ReleaseReport, type ReleaseRef } from './release';
import { renewalDue, renewLeases, type RenewalOptions, type RenewalReport } from './renewal';

export type { ReleaseFiles, ReleaseRef, ReleaseReport } from './release';
export type { GcReport } from './collect';
export { storageIndexHolds, uploadHoldSession } from './holds';
export { catalogFileReferences, REFERENCE_CATEGORIES, type ReferenceCategory, type ReferenceSource } from './references';

export interface GridGcDeps {
  dataDir: string;
  catalog: Catalog;
  servers(): Promise<readonly StorageServer[]>;
  leaseSecret(): Promise<Uint8Array>;
  holds?: StorageIndexHolds;
  now?(): number;
  log?(line: string): void;
}

const renewalFile = (dataDir: string) => path.join(dataDir, 'private', 'lease-renewal.json');

export class GridGc {
  readonly holds: StorageIndexHolds;
  readonly references: ReferenceIndex;
  readonly releaseFiles: ReleaseFiles;
  readonly usage: MeasuredUsage;
  /** Extra reference sources (versions, trash) registered by the parts that keep them. */
  private readonly extraSources: ReferenceSource[] = [];
  private backups: CatalogBackupHistory | undefined;
  private renewing: Promise<RenewalReport | undefined> | undefined;
  /** Background work started from callbacks (a published backup): awaited by settle() before the service closes. */
  private background: Promise<unknown> = Promise.resolve();

  constructor(private readonly deps: GridGcDeps) {
    this.holds = deps.holds ?? storageIndexHolds;
    const catalogSources = [catalogFileReferences(deps.catalog), catalogRetainedReferences(deps.catalog, 'versions'), catalogRetainedReferences(deps.catalog, 'trash')];
    this.references = new ReferenceIndex(() => [...catalogSources, ...this.extraSources, ...(this.backups ? [this.backups.referenceSource()] : [])]);
    const release = createReleaseFiles({ servers: deps.servers, leaseSecret: deps.leaseSecret, references: this.references, holds: this.holds });
    this.releaseFiles = async (refs: readonly ReleaseRef[]): Promise<ReleaseReport> => {
      const report = await release(refs);
      const freed = report.perAccount.filter((a) => a.removedBytes > 0).map((a) => a.accountId);
      if (freed.length > 0) await this.usage.invalidate(freed);
      for (const problem of report.problems) deps.log?.(`raic: releasing shares: ${problem}`);
      return report;
    };
    this.usage = new MeasuredUsage({ dataDir: deps.dataDir, servers: deps.servers, references: this.references, now: deps.now });
  }

  /** Registers a source of referenced storage indexes (the trash and versions add theirs). */
  addReferenceSource(source: ReferenceSource): void {
    this.extraSources.push(source);
  }

  /** Starts tracking catalog backups: the last few stay referenced, older ones are released when a new one is published. */
  async trackCatalogBackups(latestCap: string | null, latestSeq: number): Promise<void> {
    this.backups = await CatalogBackupHistory.open(this.deps.dataDir, latestCap, latestSeq);
  }

  /** A catalog backup was published: releases the ones that fell out of the kept window (queued; see settle). */
  catalogBackupPublished(seq: number, cap: string): Promise<ReleaseReport | undefined> {
    const work = this.background.then(async () => {
      if (!this.backups) await this.trackCatalogBackups(null, 0);
      const dropped = await this.backups!.published(seq, cap);
      return dropped.length > 0 ? this.releaseFiles(dropped.map((d) => ({ storageIndex: d.storageIndex }))) : undefined;
    });
    this.background = work.catch(() => undefined);
    return work;
  }

  /** Waits for background bookkeeping to end (the service calls it while closing). */
  async settle(): Promise<void> {
    await this.background;
    await this.renewing?.catch(() => undefined);
    await this.usage.flush().catch(() => undefined);
  }

  /** `raic gc`: renew, expire, collect, now. */
  async collect(options: Pick<RenewalOptions, 'signal' | 'onProgress'> = {}): Promise<GcReport> {
    const report = await runGarbageCollection(
      { servers: this.deps.servers, leaseSecret: this.deps.leaseSecret, references: this.references, holds: this.holds, releaseFiles: this.releaseFiles, now: this.deps.now },
      options,
    );
    if (!report.renewal.interrupted && report.renewal.problems.length === 0) await this.recordRenewal();
    const freed = report.perAccount.filter((a) => a.removedBytes > 0).map((a) => a.accountId);
    if (freed.length > 0) await this.usage.invalidate(freed);
    return report;
  }

  /**
   * Renews every referenced lease when less than half the term is left since
   * the last complete renewal (the monitor asks hourly). One run at a time.
   */
  renewIfDue(options: RenewalOptions = {}): Promise<RenewalReport | undefined> {
    this.renewing ??= (async () => {
      try {
        if (!renewalDue(await this.lastRenewalAt(), this.deps.now?.() ?? Date.now())) return undefined;
        const report = await renewLeases(await this.deps.servers(), await this.deps.leaseSecret(), this.references.all(), options);
        if (!report.interrupted && report.problems.length === 0) await this.recordRenewal();
        return report;
      } finally {
        this.renewing = undefined;
      }
    })();
    return this.renewing;
  }

  findOrphans() {
    return findOrphans({ servers: this.deps.servers, references: this.references, holds: this.holds });
  }

  async removeOrphans() {
    const result = await removeOrphans({ servers: this.deps.servers, references: this.references, holds: this.holds });
    await this.usage.invalidate(result.accounts.filter((a) => a.removedBytes > 0).map((a) => a.accountId));
    return result;
  }

  async lastRenewalAt(): Promise<number | null> {
    try {
      return (JSON.parse(await fs.readFile(renewalFile(this.deps.dataDir), 'utf8')) as { completedAt?: number }).completedAt ?? null;
    } catch {
      return null;
    }
  }

  private async recordRenewal(): Promise<void> {
    await writeFileAtomic(renewalFile(this.deps.dataDir), `${JSON.stringify({ completedAt: this.deps.now?.() ?? Date.now() })}\n`, 0o600);
  }
}
