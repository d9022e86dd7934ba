/** The selected file's earlier versions (kept when an upload replaced it), each restorable. */
import type { FileSummary } from '../../../../shared/api';
import { formatBytes } from '../../../../shared/format-bytes';
import { useApi } from '../../app/ApiContext';
import { useResource } from '../../app/useResource';
import { formatDate } from '../../components/common';
import { ActionError, useAction } from './useAction';

export function FileVersions({ file, onRestored }: { file: FileSummary; onRestored: () => void }) {
  const api = useApi();
  const versions = useResource(() => api.listVersions({ path: file.path }), [api, file.path, file.cap]);
  const { busy, error, run } = useAction();
  if (versions.state !== 'ready') return null;
  const list = versions.value.versions;
  const restore = async (versionId: number) => {
    if (await run(() => api.restoreVersion({ path: file.path, versionId }))) onRestored();
  };
  return (
    <section aria-label="Earlier versions">
      <h4>Earlier versions</h4>
      {list.length === 0 ? (
        <p className="muted files-small">None. Uploading a file with the same name keeps the old one here.</p>
      ) : (
        <ul className="files-versions">
          {list.map((version) => (
            <li key={version.id}>
              <span>
                {formatBytes(version.size)}, replaced {formatDate(version.replacedAt)}
              </span>{' '}
              <button
                type="button"
                className="secondary files-small-button"
                disabled={busy}
                aria-label={`Restore the version replaced ${formatDate(version.replacedAt)}`}
                onClick={() => void restore(version.id)}
              >
                Restore
              </button>
            </li>
          ))}
        </ul>
      )}
      <ActionError message={error} />
    </section>
  );
}
