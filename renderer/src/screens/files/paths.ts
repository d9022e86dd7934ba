/**
 * Catalog paths as the Files screen handles them: always absolute, "/" for
 * the root, no trailing slash. The service normalizes again; these only keep
 * the UI's links and labels consistent.
 */

/** Joins a folder and a relative path ("a/b.txt") into one catalog path. */
export function joinPath(folder: string, relative: string): string {
  const tail = relative.split('/').filter((s) => s !== '').join('/');
  if (tail === '') return folder;
  return folder === '/' ? `/${tail}` : `${folder}/${tail}`;
}

/** The folder holding a path; the root's parent is the root. */
export function parentOf(path: string): string {
  const slash = path.lastIndexOf('/');
  return slash <= 0 ? '/' : path.slice(0, slash);
}

/** The last segment of a path ('' for the root). */
export function nameOf(path: string): string {
  return path.slice(path.lastIndexOf('/') + 1);
}

/** Each folder from the root down to `folder`, for breadcrumbs. */
export function folderTrail(folder: string): { name: string; path: string }[] {
  const trail = [{ name: 'All files', path: '/' }];
  let path = '';
  for (const segment of folder.split('/').filter((s) => s !== '')) {
    path += `/${segment}`;
    trail.push({ name: segment, path });
  }
  return trail;
}

/**
 * What the user typed in a rename box: a bare name stays in the same folder,
 * anything with a slash is a path (absolute, or relative to the file's folder).
 */
export function resolveMoveTarget(currentPath: string, typed: string): string {
  const text = typed.trim();
  if (text.startsWith('/')) return text;
  return joinPath(parentOf(currentPath), text);
}
