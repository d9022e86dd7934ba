/** Where a file's or an account's link goes: the Files screen opens the file's folder (it lists folders, not single files). */
import { routeHref } from '../../app/routes';

export function folderOf(path: string): string {
  const slash = path.lastIndexOf('/');
  return slash <= 0 ? '/' : path.slice(0, slash);
}

export function fileFolderHref(path: string): string {
  return routeHref('files', folderOf(path));
}
