/** The files in the worst state (the service sends them worst first), each linking to its folder on the Files screen. */
import type { GridHealth } from '../../../../shared/api';
import { asHealthState, HEALTH_WORDS } from '../health/healthWords';
import { fileFolderHref, folderOf } from '../health/links';

const SHOWN = 5;

export function WorstFiles({ files }: { files: GridHealth['worstFiles'] }) {
  if (files.length === 0) return null;
  return (
    <div className="worst-files">
      <h3>Files that need attention</h3>
      <ul data-testid="worst-files">
        {files.slice(0, SHOWN).map((file) => {
          const state = asHealthState(file.health);
          return (
            <li key={file.path}>
              <a href={fileFolderHref(file.path)} title={`Open the folder ${folderOf(file.path)}`}>
                <bdi>{file.path}</bdi>
              </a>{' '}
              <span className={`health-badge health-${state}`}>{HEALTH_WORDS[state].label}</span>
              <div className="muted worst-summary">{file.summary}</div>
            </li>
          );
        })}
      </ul>
      {files.length > SHOWN && <p className="muted">and {files.length - SHOWN} more: see the Health screen.</p>}
    </div>
  );
}
