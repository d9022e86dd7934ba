/**
 * Several files and folders chosen at once, as file managers do it: a plain
 * click on a checkbox toggles one item, ctrl/cmd-click on a row toggles it,
 * shift-click selects everything from the last item clicked (the anchor) to
 * this one, in the order the list shows. Pure, so the rules are tested
 * without a browser.
 */

export interface Selection {
  /** Catalog paths of the chosen items. */
  paths: ReadonlySet<string>;
  /** Where the next shift-click's range starts. */
  anchor: string | null;
}

export const EMPTY_SELECTION: Selection = { paths: new Set(), anchor: null };

export type SelectMode = 'toggle' | 'range' | 'only';

/** What a click (or a key press) with `mode` on `path` makes of the selection; `order` is the list's current order. */
export function selectItem(selection: Selection, order: readonly string[], path: string, mode: SelectMode): Selection {
  if (mode === 'only') return { paths: new Set([path]), anchor: path };
  if (mode === 'toggle') {
    const paths = new Set(selection.paths);
    if (paths.has(path)) paths.delete(path);
    else paths.add(path);
    return { paths, anchor: path };
  }
  const from = selection.anchor === null ? -1 : order.indexOf(selection.anchor);
  const to = order.indexOf(path);
  if (from === -1 || to === -1) return selectItem(selection, order, path, 'toggle');
  const [low, high] = from <= to ? [from, to] : [to, from];
  // A range adds to what was chosen with ctrl, as in most file managers; the anchor stays put so the range can be widened.
  return { paths: new Set([...selection.paths, ...order.slice(low, high + 1)]), anchor: selection.anchor };
}

/** Drops chosen paths that are no longer listed (after a move, a delete or a refresh). */
export function keepListed(selection: Selection, order: readonly string[]): Selection {
  const listed = new Set(order);
  const paths = [...selection.paths].filter((p) => listed.has(p));
  if (paths.length === selection.paths.size) return selection;
  return { paths: new Set(paths), anchor: selection.anchor !== null && listed.has(selection.anchor) ? selection.anchor : null };
}

/** The mode a mouse click means: shift for a range, ctrl (or cmd on a Mac) to toggle. */
export function modeOfClick(event: { shiftKey: boolean; ctrlKey: boolean; metaKey: boolean }): SelectMode | null {
  if (event.shiftKey) return 'range';
  if (event.ctrlKey || event.metaKey) return 'toggle';
  return null;
}

/** "2 folders and 3 files", "1 file". */
export function describeCount(folders: number, files: number): string {
  const part = (n: number, one: string, many: string) => `${n} ${n === 1 ? one : many}`;
  if (folders === 0) return part(files, 'file', 'files');
  if (files === 0) return part(folders, 'folder', 'folders');
  return `${part(folders, 'folder', 'folders')} and ${part(files, 'file', 'files')}`;
}

/** Why a new name cannot be used in a folder, or null when it can; `taken` are the other names there. */
export function nameProblem(name: string, current: string, taken: ReadonlySet<string>): string | null {
  const trimmed = name.trim();
  if (trimmed === '') return 'Type a name.';
  if (trimmed.includes('/')) return 'A name cannot contain "/". To put it in another folder, use Move to… instead.';
  if (trimmed === '.' || trimmed === '..') return `"${trimmed}" cannot be a name; choose another.`;
  if (trimmed !== current && [...taken].some((t) => t.normalize('NFC') === trimmed.normalize('NFC')))
    return `Something named "${trimmed}" is already in this folder; choose another name, or rename that one first.`;
  return null;
}
