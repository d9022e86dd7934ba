/**
 * What an upload does when a file with its name is already listed (or an
 * upload to that path is queued or running): replace it (the default; the
 * catalog keeps the old content as a version), keep both (the new file gets
 * the first free "name (1).ext", "name (2).ext", …), or skip it.
 *
 * Resolved when the uploads are submitted, before checkUploadTargets, which
 * still refuses duplicate targets and a second upload to a path in flight
 * (issue 15's one path, one file): keep-both never picks a name in flight,
 * so it never meets that refusal; replace and skip leave it as it was.
 */
import type { OnClash } from '../../shared/api';
import type { Catalog } from '../catalog';
import { splitExtension } from '../catalog/paths';
import type { JobRunner } from '../jobs';
import type { JobKinds } from './job-kinds';

export interface ClashDeps {
  catalog: Catalog;
  jobs: JobRunner<JobKinds>;
}

/** The targets after the choice, and the paths skipped. Keeps each file's other fields. */
export function resolveClashes<T extends { target: string }>(files: readonly T[], onClash: OnClash, deps: ClashDeps): { files: T[]; skipped: string[] } {
  if (onClash === 'replace') return { files: [...files], skipped: [] };
  const inFlight = new Set(deps.jobs.paramsOf('upload', { states: ['queued', 'running'] }).map((params) => params.target));
  const listed = (path: string) => deps.catalog.getFile(path) !== undefined;
  const taken = (path: string) => listed(path) || inFlight.has(path);
  const kept: T[] = [];
  const skipped: string[] = [];
  // Names this batch already took (keep-both may give two sources the same free name otherwise).
  const chosen = new Set<string>();
  for (const file of files) {
    if (!taken(file.target)) {
      kept.push(file);
      chosen.add(file.target);
      continue;
    }
    if (onClash === 'skip') {
      skipped.push(file.target);
      continue;
    }
    const target = freeName(file.target, (path) => taken(path) || chosen.has(path) || deps.catalog.folderExists(path));
    chosen.add(target);
    kept.push({ ...file, target });
  }
  return { files: kept, skipped };
}

/** "a.txt" → "a (1).txt", "a (2).txt", …: the first one `taken` says is free. */
export function freeName(path: string, taken: (path: string) => boolean): string {
  const slash = path.lastIndexOf('/');
  const folder = path.slice(0, slash + 1);
  const name = path.slice(slash + 1);
  const [stem, extension] = splitExtension(name);
  for (let n = 1; ; n++) {
    const candidate = `${folder}${stem} (${n})${extension}`;
    if (!taken(candidate)) return candidate;
  }
}
