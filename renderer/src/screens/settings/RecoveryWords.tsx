/** The recovery key's words, numbered and in groups of three so they are easy to copy onto paper and check back. */
export function RecoveryWords({ words }: { words: readonly string[] }) {
  const groups: string[][] = [];
  for (let i = 0; i < words.length; i += 3) groups.push(words.slice(i, i + 3));
  return (
    <ol className="settings-words" data-testid="recovery-words" aria-label="Recovery key words, in order">
      {groups.map((group, g) =>
        group.map((word, i) => (
          <li key={g * 3 + i} value={g * 3 + i + 1} className={i === 0 ? 'settings-word settings-word-first' : 'settings-word'}>
            <span className="settings-word-number" aria-hidden="true">
              {g * 3 + i + 1}.
            </span>{' '}
            <span className="settings-word-text">{word}</span>
          </li>
        )),
      )}
    </ol>
  );
}
