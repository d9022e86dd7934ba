/** Copies a text to the clipboard and says so; where the clipboard is refused, says to select the text instead. */
import { useState } from 'react';

export function CopyButton({ text, label }: { text: string; label: string }) {
  const [said, setSaid] = useState<string>();
  const copy = async () => {
    try {
      await navigator.clipboard.writeText(text);
      setSaid('Copied.');
    } catch {
      setSaid('Could not copy here: select the text and copy it yourself.');
    }
  };
  return (
    <>
      <button type="button" className="secondary" aria-label={label} onClick={() => void copy()}>
        Copy
      </button>
      <span role="status" className="settings-hint">
        {said}
      </span>
    </>
  );
}
