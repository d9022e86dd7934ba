/**
 * What one history event shows: a heading from its kind, and its message said
 * once and in plain words. Some messages repeat their kind ("backup-failed:
 * The catalog backup failed. The catalog backup failed: …") and some carry a
 * low-level error (ECONNREFUSED); the heading is not repeated, a sentence is
 * shown once, and the error goes through shared/plain-errors.
 */
import { explainFailure, plainMessage } from '../../../../shared/plain-errors';
import { kindWords } from './healthWords';

/** Kinds the service records beside the monitor's (service/raic-service.ts), which the filters do not list. */
const OTHER_KIND_WORDS: Record<string, string> = {
  'backup-failed': 'Catalog backup failed',
  'backup-stale': 'Catalog backup out of date',
  'upload-degraded': 'Upload stored with fewer shares',
  'data-folder-private': 'Data folder made private',
  restore: 'Restore',
};

export function eventHeading(kind: string): string {
  const words = kindWords(kind);
  if (words !== kind) return words;
  const other = OTHER_KIND_WORDS[kind];
  if (other) return other;
  const spaced = kind.replace(/[-_]+/g, ' ');
  return spaced.charAt(0).toUpperCase() + spaced.slice(1);
}

/** A sentence's words, for comparing: case, punctuation and "the" do not count. */
function wordsOf(text: string): string {
  return text
    .toLowerCase()
    .split(/[^a-z0-9]+/)
    .filter((word) => word !== '' && word !== 'the')
    .join(' ');
}

/** The message with a leading copy of the kind (raw or in words) and any repeated sentence left out. */
function withoutRepeats(kind: string, heading: string, message: string): string {
  const headingWords = wordsOf(heading);
  const kindAsWords = wordsOf(kind);
  let text = message.trim();
  // A message that opens with its kind ("backup-failed: …", "Catalog backup failed. …") says it again.
  for (const opening of [kind, heading]) {
    const match = new RegExp(`^${opening.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\\s*[:.\\-–—]\\s*`, 'i').exec(text);
    if (match) text = text.slice(match[0].length);
  }
  const seen = new Set([headingWords, kindAsWords]);
  const kept: string[] = [];
  for (const sentence of text.split(/(?<=[.!?])\s+/)) {
    // The part before a colon counts too: "The backup failed: X" repeats "The backup failed."
    const lead = wordsOf(sentence.split(/:\s/)[0] ?? '');
    const whole = wordsOf(sentence);
    if (whole === '' || seen.has(whole)) continue;
    if (lead !== whole && seen.has(lead) && kept.length > 0) {
      // "The backup failed. The backup failed: reason" → keep only the reason once, after the first sentence.
      const last = kept[kept.length - 1] as string;
      if (wordsOf(last) === lead) {
        kept[kept.length - 1] = sentence;
        seen.add(whole);
        continue;
      }
    }
    seen.add(whole);
    kept.push(sentence);
  }
  return kept.join(' ');
}

/**
 * A low-level error inside the message in plain words, keeping the message's own
 * opening ("The catalog backup could not be stored in the grid:") in front of it.
 */
function plainError(message: string): string {
  if (!explainFailure(message)) return message;
  const colon = message.indexOf(': ');
  if (colon > 0) {
    const opening = message.slice(0, colon);
    const rest = message.slice(colon + 2);
    if (!explainFailure(opening) && explainFailure(rest)) return `${opening.replace(/[.]+$/, '')}. ${plainMessage(rest)}`;
  }
  return plainMessage(message);
}

export function eventText(kind: string, message: string): { heading: string; message: string } {
  const heading = eventHeading(kind);
  return { heading, message: plainError(withoutRepeats(kind, heading, message)) };
}
