/**
 * Copying a file's caps. A cap is the string that names and unlocks a file
 * in the grid; the read cap is the key itself, so the explanation says so
 * next to the button rather than in a help page nobody opens.
 */
import { useEffect, useRef, useState } from 'react';
import type { FileSummary } from '../../../../shared/api';

export function CapButtons({ file }: { file: FileSummary }) {
  return (
    <div className="files-caps">
      <p className="muted files-small">
        The <strong>sharing code</strong> finds this file in your storage and unlocks it: anyone who has it can read the file, so share it only on purpose
        (Tahoe-LAFS calls it a read cap). The <strong>check-only code</strong> lets someone check that the file is intact, not read it (a verify cap).
      </p>
      <div className="files-button-row">
        <CopyButton label="Copy sharing code" text={file.cap} />
        {file.verifyCap && <CopyButton label="Copy check-only code" text={file.verifyCap} />}
      </div>
    </div>
  );
}

/** Copies text; confirms with "Copied", and shows the text to copy by hand when the clipboard is refused. */
function CopyButton({ label, text }: { label: string; text: string }) {
  const [state, setState] = useState<'idle' | 'copied' | 'refused'>('idle');
  const timer = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);
  useEffect(() => () => clearTimeout(timer.current), []);
  useEffect(() => setState('idle'), [text]);

  const copy = async () => {
    clearTimeout(timer.current);
    try {
      await navigator.clipboard.writeText(text);
      setState('copied');
      timer.current = setTimeout(() => setState('idle'), 2500);
    } catch {
      setState('refused');
    }
  };

  return (
    <div className="files-copy">
      <button type="button" className="secondary" onClick={() => void copy()}>
        {label}
      </button>
      <span role="status" className="files-copied">
        {state === 'copied' ? 'Copied' : ''}
      </span>
      {state === 'refused' && (
        <label className="files-copy-manual">
          The browser did not allow copying; select and copy it here:
          <input readOnly value={text} onFocus={(event) => event.target.select()} data-testid="cap-text" />
        </label>
      )}
    </div>
  );
}
