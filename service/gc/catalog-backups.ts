/**
 * The catalog backups this grid has published, newest last, kept in
 * `private/catalog-backups.json` (caps only; the backups themselves are
 * sealed with the recovery key). The last few stay referenced (the recovery
 * pointer names the newest and falls back to the ones before it); older ones
 * are handed to releaseFiles when a newer backup is published.
 */
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { parseCap, storageIndexOf } from '../../engine/chk';
import { base32Encode } from '../../engine/chk/base32';
import { writeFileAtomic } from '../atomic-file';
import { MAX_PREVIOUS_CATALOGS } from '../recovery/pointer';
import type { ReferenceSource } from './references';

/** The newest backup and the older ones a recovery pointer keeps naming. */
export const CATALOG_BACKUPS_KEPT = MAX_PREVIOUS_CATALOGS + 1;

export interface PublishedBackup {
  seq: number;
  cap: string;
  storageIndex: string | null;
}

const historyFile = (dataDir: string) => path.join(dataDir, 'private', 'catalog-backups.json');

export class CatalogBackupHistory {
  private entries: PublishedBackup[] = [];
  private revisionCounter = 0;

  private constructor(private readonly dataDir: string) {}

  static async open(dataDir: string, latestCap?: string | null, latestSeq = 0): Promise<CatalogBackupHistory> {
    const history = new CatalogBackupHistory(dataDir);
    try {
      history.entries = (JSON.parse(await fs.readFile(historyFile(dataDir), 'utf8')) as { backups?: PublishedBackup[] }).backups ?? [];
    } catch {
      history.entries = [];
    }
    if (latestCap && !history.entries.some((e) => e.cap === latestCap)) history.entries.push(backupOf(latestSeq, latestCap));
    return history;
  }

  /** Records a newly published backup; returns the backups that fell out of the kept window (to release). */
  async published(seq: number, cap: string): Promise<PublishedBackup[]> {
    if (!this.entries.some((e) => e.cap === cap)) this.entries.push(backupOf(seq, cap));
    this.entries.sort((a, b) => a.seq - b.seq);
    const dropped = this.entries.slice(0, Math.max(0, this.entries.length - CATALOG_BACKUPS_KEPT));
    this.entries = this.entries.slice(dropped.length);
    this.revisionCounter++;
    await writeFileAtomic(historyFile(this.dataDir), `${JSON.stringify({ backups: this.entries })}\n`, 0o600);
    const kept = new Set(this.entries.map((e) => e.storageIndex));
    return dropped.filter((e) => !kept.has(e.storageIndex));
  }

  kept(): PublishedBackup[] {
    return [...this.entries];
  }

  referenceSource(): ReferenceSource {
    return {
      category: 'catalogBackups',
      revision: () => this.revisionCounter,
      list: () => this.entries.filter((e) => e.storageIndex).map((e) => ({ storageIndex: e.storageIndex!, category: 'catalogBackups' as const, placements: [] })),
    };
  }
}

function backupOf(seq: number, cap: string): PublishedBackup {
  return { seq, cap, storageIndex: storageIndexOfCap(cap) };
}

/** Base32 storage index of a CHK cap; null for literal or unreadable caps. */
export function storageIndexOfCap(cap: string): string | null {
  try {
    const parsed = parseCap(cap);
    return parsed.kind === 'CHK' || parsed.kind === 'CHK-Verifier' ? base32Encode(storageIndexOf(parsed)) : null;
  } catch {
    return null;
  }
}
