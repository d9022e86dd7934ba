/**
 * Rename or move a file: a bare name renames it in place, a path such as
 * "/Archive/2024/report.pdf" moves it (missing folders are created).
 */
import { useEffect, useState, type FormEvent } from 'react';
import type { FileSummary } from '../../../../shared/api';
import { useApi } from '../../app/ApiContext';
import { resolveMoveTarget } from './paths';
import { ActionError, useAction } from './useAction';

export function MoveFileForm({ file, onMoved }: { file: FileSummary; onMoved: (moved: FileSummary) => void }) {
  const api = useApi();
  const [value, setValue] = useState(file.name);
  const { busy, error, setError, run } = useAction();
  useEffect(() => {
    setValue(file.name);
    setError(null);
  }, [file.path, file.name, setError]);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (value.trim() === '') return setError('Type a new name, or a path such as /Archive/report.pdf.');
    const to = resolveMoveTarget(file.path, value);
    if (to === file.path) return;
    await run(async () => onMoved(await api.moveFile({ from: file.path, to })));
  };

  return (
    <form className="files-move" onSubmit={(event) => void submit(event)}>
      <label htmlFor="move-target">Rename or move</label>
      <div className="files-move-row">
        <input
          id="move-target"
          value={value}
          onChange={(event) => setValue(event.target.value)}
          aria-describedby="move-help"
          aria-invalid={error ? true : undefined}
        />
        <button type="submit" className="secondary" disabled={busy}>
          Rename/Move
        </button>
      </div>
      <p id="move-help" className="muted files-small">
        A new name keeps it in this folder; a path starting with / moves it.
      </p>
      <ActionError message={error} />
    </form>
  );
}
