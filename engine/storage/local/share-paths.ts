/**
 * The paths of one share being uploaded, built once per share by joining
 * names onto the layout's folders with the separator. FolderLayout's methods
 * give the same strings through path.join, which validates and normalises
 * every part again; a share needs four of them, and the parts here are
 * already clean (a base32 storage index, a validated share number, folders
 * the layout normalised), so plain concatenation gives identical paths.
 */
import { sep } from 'node:path';
import { incomingFileName, type FolderLayout } from './layout';

export interface SharePaths {
  /** incoming/<si>.<shnum> */
  incoming: string;
  /** shares/<prefix>/<si>: the share's folder, made before the rename and fsynced after it. */
  folder: string;
  /** shares/<prefix>/<si>/<shnum> */
  final: string;
}

/** shares/<prefix>/<si> for a base32 storage index: FolderLayout.bucketDir's path. */
export function bucketFolder(layout: FolderLayout, si: string): string {
  return layout.sharesDir + sep + si.slice(0, 2) + sep + si;
}

/** `si` is the base32 storage index, `shareNumber` a validated share number. */
export function sharePaths(layout: FolderLayout, si: string, shareNumber: number): SharePaths {
  const folder = bucketFolder(layout, si);
  return { incoming: layout.incomingDir + sep + incomingFileName(si, shareNumber), folder, final: folder + sep + shareNumber };
}
