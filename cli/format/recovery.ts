/** The recovery key's words as `raic recovery-key` prints them: numbered, a few to a line, with the warning that matters. */

const WORDS_PER_LINE = 3;

export function formatRecoveryWords(keyId: string, words: readonly string[]): string {
  const width = Math.max(...words.map((w) => w.length));
  const numberWidth = String(words.length).length;
  const lines: string[] = [];
  for (let start = 0; start < words.length; start += WORDS_PER_LINE) {
    const group = words.slice(start, start + WORDS_PER_LINE).map((word, i) => `${String(start + i + 1).padStart(numberWidth)}. ${word.padEnd(width)}`);
    lines.push(`  ${group.join('   ').trimEnd()}`);
  }
  return [
    `Recovery key ${keyId}:`,
    '',
    ...lines,
    '',
    RECOVERY_WARNING,
  ].map((line) => `${line}\n`).join('');
}

export const RECOVERY_WARNING =
  'Write these words down and keep them somewhere safe, away from this computer. With them and your storage\n' +
  'accounts, RAIC can bring back all your files after losing this computer; anyone who has them can read your files.';
