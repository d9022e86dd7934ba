/**
 * The encoding the user is typing: kept as text so a field can be emptied
 * while typing, and checked here so every rule is said in words next to the
 * field it concerns (the service checks again; its word is final).
 */
import type { EncodingShape } from './types';

export type EncodingField = keyof EncodingShape;
export type EncodingDraft = Record<EncodingField, string>;
export type EncodingErrors = Partial<Record<EncodingField, string>>;

/** Tahoe-LAFS's own limit on shares per file. */
export const MAX_SHARES = 256;

export const FIELD_WORDS: Record<EncodingField, string> = {
  needed: 'Shares needed to rebuild a file',
  happy: 'Different accounts each upload must reach',
  total: 'Shares per file',
};

export function draftOf(e: EncodingShape): EncodingDraft {
  return { needed: String(e.needed), happy: String(e.happy), total: String(e.total) };
}

function wholeNumber(text: string): number | undefined {
  const value = Number(text.trim());
  return text.trim() !== '' && Number.isInteger(value) ? value : undefined;
}

/** Errors by field; empty when the draft is a valid encoding. */
export function validateDraft(draft: EncodingDraft): EncodingErrors {
  const errors: EncodingErrors = {};
  const values: Partial<EncodingShape> = {};
  for (const field of ['needed', 'happy', 'total'] as const) {
    const value = wholeNumber(draft[field]);
    if (value === undefined || value < 1 || value > MAX_SHARES) errors[field] = `Enter a whole number from 1 to ${MAX_SHARES}.`;
    else values[field] = value;
  }
  const { needed, happy, total } = values;
  if (needed !== undefined && total !== undefined && needed > total) {
    errors.needed = `A file cannot need more shares than it has: at most ${total} (the shares per file).`;
  }
  if (needed !== undefined && happy !== undefined && happy < needed && !errors.needed) {
    errors.happy = `Each upload must reach at least ${needed} accounts, as many as the shares needed to rebuild a file.`;
  }
  if (happy !== undefined && total !== undefined && happy > total) {
    errors.happy = `An upload cannot reach more accounts than a file has shares: at most ${total}.`;
  }
  return errors;
}

/** The encoding, when the draft is valid. */
export function parseDraft(draft: EncodingDraft): EncodingShape | undefined {
  if (Object.keys(validateDraft(draft)).length > 0) return undefined;
  return { needed: Number(draft.needed), happy: Number(draft.happy), total: Number(draft.total) };
}

export function sameEncoding(a: EncodingShape | undefined, b: EncodingShape): boolean {
  return a !== undefined && a.needed === b.needed && a.happy === b.happy && a.total === b.total;
}

/**
 * The "happy" to pair with a k and n picked on the chart or a preset: the
 * user's own value while it still fits (it is their choice of how many
 * accounts must be reachable), otherwise the one the service suggested. It
 * never goes above the suggestion (one below the accounts a file reaches):
 * keeping a happy equal to n made every upload fail while one account was
 * offline (issue 20).
 */
export function happyFor(choice: { needed: number; total: number; happy: number }, userHappy: number | undefined, accounts: number): number {
  if (userHappy !== undefined && userHappy >= choice.needed && userHappy <= Math.min(choice.happy, accounts)) return userHappy;
  return choice.happy;
}
