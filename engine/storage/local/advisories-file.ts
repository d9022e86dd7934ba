/**
 * Corruption reports a local-folder server received, one JSON object per
 * line in <root>/corruption-advisories.jsonl. Appending a line is the whole
 * write, so a crash can at worst cut the last line short, and reading skips
 * such a line instead of failing.
 */
import { appendFile, readFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { isNotFound } from './dir-listing';
import { makePrivateDir, PRIVATE_FILE_MODE } from './private-files';

export interface CorruptionAdvisory {
  /** ISO-8601 time the report arrived. */
  time: string;
  /** Base32 storage index, as in the share folder name. */
  storageIndex: string;
  shareNumber: number;
  /** Set for mutable shares only (older reports, all immutable, lack it). */
  shareType?: 'mutable';
  reason: string;
}

/** Longest reason kept: a client's text is stored, so a hostile one cannot fill the disk line by line. */
const MAX_REASON_CHARS = 4096;

export async function appendAdvisory(file: string, advisory: CorruptionAdvisory): Promise<void> {
  await makePrivateDir(dirname(file));
  const line = JSON.stringify({ ...advisory, reason: String(advisory.reason).slice(0, MAX_REASON_CHARS) });
  await appendFile(file, line + '\n', { mode: PRIVATE_FILE_MODE });
}

/** Reports received so far, oldest first. */
export async function readAdvisories(file: string): Promise<CorruptionAdvisory[]> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    if (isNotFound(error)) return [];
    throw error;
  }
  const advisories: CorruptionAdvisory[] = [];
  for (const line of text.split('\n')) {
    if (!line.trim()) continue;
    try {
      advisories.push(JSON.parse(line) as CorruptionAdvisory);
    } catch {
      // A line cut short by a crash mid-append is skipped, not fatal.
    }
  }
  return advisories;
}
