/**
 * The reliability suite's record of what it tried: each fault or attack
 * test appends one line per scenario (what was done, how many times, what
 * happened) to test-results/reliability/<suite>.jsonl, and
 * scripts/reliability/report.ts turns those lines into docs/reliability.md.
 * The figures in that document therefore come from a real run, not from
 * prose written beside the tests.
 */
import { appendFileSync, mkdirSync } from 'node:fs';
import path from 'node:path';

export const RESULTS_DIR = path.resolve(process.env.RAIC_RELIABILITY_DIR ?? 'test-results/reliability');

export interface ReliabilityRecord {
  /** Group in the report, e.g. "Backend faults", "Corruption", "Crash safety", "Hostile input". */
  suite: string;
  /** What was done, in words: "S3 answers 503 SlowDown on every third request". */
  scenario: string;
  /** How many times it was tried (runs, requests, inputs). */
  trials: number;
  /** What happened, in words: "uploads completed with happy met; downloads returned the right bytes". */
  outcome: string;
  /** Files (or bytes, or secrets) lost or wrongly returned: the target is 0. */
  lost: number;
  /** Extra figures worth printing (e.g. { peakRssMiB: 210, seconds: 42 }). */
  figures?: Record<string, number | string>;
}

export function recordReliability(record: ReliabilityRecord): void {
  mkdirSync(RESULTS_DIR, { recursive: true });
  const file = path.join(RESULTS_DIR, `${record.suite.toLowerCase().replace(/[^a-z0-9]+/g, '-')}.jsonl`);
  appendFileSync(file, `${JSON.stringify({ ...record, at: new Date().toISOString() })}\n`);
}
