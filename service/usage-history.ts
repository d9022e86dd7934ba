/**
 * Usage over time for the dashboard chart: a sample of the catalog's totals
 * (files, plaintext bytes, share bytes stored) within a second of a catalog change,
 * at most one per ten minutes (a newer sample within the window replaces the
 * older one), kept in its own table of the catalog database.
 */
import type { Statement } from './catalog/sqlite';
import type { Catalog } from './catalog';

const SAMPLE_WINDOW_MS = 10 * 60_000;
const KEEP_MS = 2 * 365 * 86_400_000;
const CHANGE_SAMPLE_DELAY_MS = 1_000;

export interface UsageSample {
  at: number;
  files: number;
  fileBytes: number;
  storedBytes: number;
}

export class UsageHistory {
  private readonly insert: Statement;
  private readonly latest: Statement;
  private readonly replace: Statement;
  private readonly prune: Statement;
  private readonly since: Statement;
  private readonly unsubscribe: () => void;
  /** A change not sampled yet: sampled within a second, or at once when the samples are read. */
  private pending: ReturnType<typeof setTimeout> | undefined;

  constructor(
    private readonly catalog: Catalog,
    private readonly now: () => number = Date.now,
  ) {
    const db = catalog.db;
    db.exec('CREATE TABLE IF NOT EXISTS usage_samples (at REAL PRIMARY KEY, files INTEGER NOT NULL, file_bytes REAL NOT NULL, stored_bytes REAL NOT NULL)');
    this.insert = db.prepare('INSERT OR REPLACE INTO usage_samples (at, files, file_bytes, stored_bytes) VALUES (?, ?, ?, ?)');
    this.latest = db.prepare('SELECT at FROM usage_samples ORDER BY at DESC LIMIT 1');
    this.replace = db.prepare('UPDATE usage_samples SET at = ?, files = ?, file_bytes = ?, stored_bytes = ? WHERE at = ?');
    this.prune = db.prepare('DELETE FROM usage_samples WHERE at < ?');
    this.since = db.prepare('SELECT at, files, file_bytes AS fileBytes, stored_bytes AS storedBytes FROM usage_samples WHERE at >= ? ORDER BY at');
    // Not on every change: each sample sums every file and placement, which made a folder of N files cost N^2.
    this.unsubscribe = catalog.onChange(() => {
      this.pending ??= setTimeout(() => this.samplePending(), CHANGE_SAMPLE_DELAY_MS);
      this.pending.unref?.();
    });
  }

  private samplePending(): void {
    if (this.pending === undefined) return;
    clearTimeout(this.pending);
    this.pending = undefined;
    if (this.catalog.db.open) this.sample();
  }

  /** Records the current totals (called on every catalog change and at start). */
  sample(): void {
    const at = this.now();
    const totals = this.catalog.totals();
    let stored = 0;
    for (const t of this.catalog.accountTotals().values()) stored += t.bytes;
    const last = this.latest.get() as { at: number } | undefined;
    if (last && at - last.at < SAMPLE_WINDOW_MS) this.replace.run(at, totals.files, totals.bytes, stored, last.at);
    else this.insert.run(at, totals.files, totals.bytes, stored);
    this.prune.run(at - KEEP_MS);
  }

  samples(days: number): UsageSample[] {
    this.samplePending();
    return this.since.all(this.now() - days * 86_400_000) as UsageSample[];
  }

  close(): void {
    this.samplePending();
    this.unsubscribe();
  }
}
