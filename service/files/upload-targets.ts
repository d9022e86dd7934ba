/**
 * One path, one file: before any upload job is queued, its targets are
 * checked so that no two uploads can land on the same catalog path (two
 * sources with one name, names that differ only in Unicode normalization —
 * catalog paths are NFC — or an upload still queued or running there), and
 * none lands where the catalog would refuse it at the end (a folder, or below
 * a file). The later upload is refused with a message naming the path;
 * nothing is ever silently replaced by whichever upload finishes last.
 */
import { ApiError } from '../../shared/api';
import type { Catalog } from '../catalog';
import type { JobRunner } from '../jobs';
import type { JobKinds } from './job-kinds';
import { catalogCall } from '../catalog-call';

export interface UploadTarget {
  source: string;
  target: string;
}

export function checkUploadTargets(targets: readonly UploadTarget[], deps: { catalog: Catalog; jobs: JobRunner<JobKinds> }): void {
  refuseDuplicates(targets);
  const inFlight = uploadsInFlight(deps.jobs);
  // One read transaction for the whole folder, not a few autocommit reads per file.
  catalogCall(() =>
    deps.catalog.checkFileTargets(
      targets.map(({ target }) => target),
      (target) => {
        if (inFlight.has(target)) {
          throw new ApiError('conflict', `An upload to ${target} is already queued or running; wait for it to finish (or cancel it), then upload again.`, 'sources');
        }
      },
    ),
  );
}

function refuseDuplicates(targets: readonly UploadTarget[]): void {
  const byTarget = new Map<string, string>();
  for (const { source, target } of targets) {
    const first = byTarget.get(target);
    if (first !== undefined) {
      throw new ApiError(
        'invalid_input',
        `sources: ${first} and ${source} would both be stored as ${target} (their names are the same, or differ only in how accented letters are encoded); rename one of them, or upload them into different folders.`,
        'sources',
      );
    }
    byTarget.set(target, source);
  }
}

function uploadsInFlight(jobs: JobRunner<JobKinds>): Set<string> {
  return new Set(jobs.paramsOf('upload', { states: ['queued', 'running'] }).map((params) => params.target));
}
