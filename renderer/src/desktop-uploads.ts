/**
 * What the desktop app sends for files and folders the user dropped or
 * picked: one uploadPaths call with their paths on this computer. Folders go
 * as folders (the service walks them and keeps their empty subfolders), so a
 * dropped tree costs one call, not one per subfolder.
 */

export interface LocalItem {
  /** The item's path on this computer ('' when it has none, e.g. a file made in the page). */
  path: string;
  /** Where it goes below the RAIC folder, "/"-separated: the item's name, or "Trip/day1/a.jpg" for a file a folder picker found. */
  relativePath: string;
}

export interface UploadPathsCall {
  sources: string[];
  folder: string;
  createEmptyFolders: true;
}

/** The one call for these items, or undefined when none has a path. */
export function uploadPathsCall(items: readonly LocalItem[], folder: string): UploadPathsCall | undefined {
  const sources = [...new Set(items.filter((item) => item.path !== '').map(topLevelSource))];
  return sources.length === 0 ? undefined : { sources, folder, createEmptyFolders: true };
}

/**
 * The path of what the user chose: the item itself for a dropped file or
 * folder, or for a file inside a picked folder ("Trip/day1/a.jpg" at
 * /home/me/Trip/day1/a.jpg) the picked folder (/home/me/Trip), which the
 * service uploads under its own name with the same tree.
 */
function topLevelSource({ path, relativePath }: LocalItem): string {
  const levelsBelow = relativePath.split('/').filter((part) => part !== '').length - 1;
  let end = path.length;
  for (let level = 0; level < levelsBelow; level++) {
    const separator = Math.max(path.lastIndexOf('/', end - 1), path.lastIndexOf('\\', end - 1));
    // Fewer folders in the path than the relative path names: keep the item itself rather than guess.
    if (separator <= 0) return path;
    end = separator;
  }
  return path.slice(0, end);
}
