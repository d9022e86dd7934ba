/**
 * Step 4: the recovery key, shown this once. With it (and the accounts) the
 * files can be brought back on a new computer; without it, nobody can, not
 * even us. Finishing needs an explicit "I have saved it".
 */
import { useEffect, useState } from 'react';
import { useApi } from '../../app/ApiContext';
import { ErrorPanel, Loading } from '../../components/common';
import { WizardNav } from './WizardNav';

type RecoveryKey = { keyId: string; words: string[]; fileText: string };

/** Words per numbered group: three short rows are easier to copy by hand than one long line. */
const GROUP_SIZE = 3;

export function RecoveryKeyStep({ onBack, onFinish }: { onBack: () => void; onFinish: () => Promise<void> }) {
  const api = useApi();
  const [key, setKey] = useState<RecoveryKey>();
  const [error, setError] = useState<string>();
  const [saved, setSaved] = useState(false);
  const [finishing, setFinishing] = useState(false);

  useEffect(() => {
    let cancelled = false;
    api.getRecoveryKey({}).then(
      (k) => !cancelled && setKey(k),
      (e: Error) => !cancelled && setError(e.message),
    );
    return () => {
      cancelled = true;
    };
  }, [api]);

  async function finish() {
    setFinishing(true);
    setError(undefined);
    try {
      await onFinish();
    } catch (e) {
      setError((e as Error).message);
      setFinishing(false);
    }
  }

  return (
    <>
      <p className="wizard-lead">
        This is your recovery key. If this computer is lost, the key and your storage accounts bring all your files back on a new one. Nobody else has it, so
        nobody can recover your files without it.
      </p>
      <p className="muted">Write the words down on paper, in order, or download them as a file and keep it somewhere other than this computer.</p>
      {!key && !error && <Loading what="your recovery key" />}
      {key && <RecoveryWords words={key.words} />}
      {key && <DownloadKeyLink fileText={key.fileText} keyId={key.keyId} />}
      <label className="confirm-saved">
        <input type="checkbox" checked={saved} onChange={(e) => setSaved(e.target.checked)} disabled={!key} />
        I have saved my recovery key
      </label>
      {error && <ErrorPanel title="Something went wrong." message={error} />}
      <WizardNav onBack={onBack} onNext={() => void finish()} nextLabel="Finish setup" nextDisabled={!saved || !key} busyLabel={finishing ? 'Finishing…' : undefined} />
    </>
  );
}

function RecoveryWords({ words }: { words: readonly string[] }) {
  const groups: string[][] = [];
  for (let i = 0; i < words.length; i += GROUP_SIZE) groups.push(words.slice(i, i + GROUP_SIZE));
  return (
    <ol className="recovery-words" aria-label={`Recovery key, ${words.length} words`} data-testid="recovery-words">
      {groups.map((group, g) => (
        <li key={g} className="recovery-group">
          {group.map((word, w) => {
            const number = g * GROUP_SIZE + w + 1;
            return (
              <span key={number} className="recovery-word">
                <span className="recovery-number">{number}.</span> <span data-testid="recovery-word">{word}</span>
              </span>
            );
          })}
        </li>
      ))}
    </ol>
  );
}

/** A link to a Blob of the key file: the browser's own download, with no copy of the key sent anywhere. */
function DownloadKeyLink({ fileText, keyId }: { fileText: string; keyId: string }) {
  const [href, setHref] = useState<string>();
  useEffect(() => {
    const url = URL.createObjectURL(new Blob([fileText], { type: 'text/plain;charset=utf-8' }));
    setHref(url);
    // The URL keeps the key in memory for as long as it lives; free it when the step goes.
    return () => URL.revokeObjectURL(url);
  }, [fileText]);
  if (!href) return null;
  return (
    <p>
      <a className="button-link" href={href} download={`RAIC recovery key ${keyId}.txt`}>
        Download as file
      </a>
    </p>
  );
}
