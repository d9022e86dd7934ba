/**
 * Moving a selection of files and folders into one folder (the Files
 * screen's "Move to…" on several items, `raic mv SRC... FOLDER`). Every
 * problem with the selection is found before anything moves and reported
 * together: an item chosen twice, an item inside a chosen folder, a folder
 * going into itself, two items with the same name, names already taken in
 * the destination. Each item keeps its name; shares stay where they are.
 */
import { ApiError, type OperationInput, type OperationOutput } from '../../shared/api';
import { normalizeCatalogPath, type Catalog } from '../catalog';

type Moved = OperationOutput<'moveEntries'>['moved'][number];

interface PlannedMove {
  from: string;
  to: string;
  kind: 'file' | 'folder';
}

const nameOf = (path: string) => path.slice(path.lastIndexOf('/') + 1);
const join = (folder: string, name: string) => (folder === '/' ? `/${name}` : `${folder}/${name}`);

/** Checks the whole selection; returns the moves to make (items already in the folder are left out). */
export function planMoveEntries(catalog: Catalog, input: OperationInput<'moveEntries'>): { toFolder: string; moves: PlannedMove[] } {
  const toFolder = normalizeCatalogPath(input.toFolder);
  if (catalog.getFile(toFolder)) throw new ApiError('conflict', `${toFolder} is a file, not a folder; choose a folder to move into.`, 'toFolder');
  const problems: string[] = [];
  const seen = new Set<string>();
  const items: PlannedMove[] = [];
  for (const raw of input.paths) {
    const path = normalizeCatalogPath(raw);
    if (path === '/') {
      problems.push('All files (the top folder) cannot be moved; choose the files and folders inside it.');
      continue;
    }
    if (seen.has(path)) {
      problems.push(`${path} is chosen twice; choose it once.`);
      continue;
    }
    seen.add(path);
    const kind = catalog.getFile(path) ? 'file' : catalog.folderExists(path) ? 'folder' : null;
    if (kind === null) {
      problems.push(`${path} is not in your files any more (moved or deleted meanwhile); refresh the list.`);
      continue;
    }
    if (kind === 'folder' && (toFolder === path || toFolder.startsWith(`${path}/`))) {
      problems.push(`The folder ${path} cannot go inside itself; choose a folder outside it.`);
      continue;
    }
    items.push({ from: path, to: join(toFolder, nameOf(path)), kind });
  }
  for (const item of items) {
    const container = items.find((other) => other.kind === 'folder' && item.from.startsWith(`${other.from}/`));
    if (container) problems.push(`${item.from} is inside ${container.from}, which moves too; choose only ${container.from}.`);
  }
  const byTarget = new Map<string, PlannedMove[]>();
  for (const item of items) byTarget.set(item.to, [...(byTarget.get(item.to) ?? []), item]);
  for (const [target, same] of byTarget) {
    if (same.length > 1) problems.push(`${same.map((s) => s.from).join(' and ')} are all named "${nameOf(target)}"; rename one of them first.`);
  }
  const moves = items.filter((item) => item.to !== item.from);
  const taken = moves.filter((item) => catalog.getFile(item.to) || catalog.folderExists(item.to)).map((item) => `"${nameOf(item.to)}"`);
  if (taken.length > 0) {
    const where = toFolder === '/' ? 'All files' : toFolder;
    problems.push(`${where} already has ${taken.length === 1 ? 'an item' : 'items'} named ${taken.join(', ')}; rename ${taken.length === 1 ? 'it' : 'them'} (or yours) first, or choose another folder.`);
  }
  if (problems.length > 0) throw new ApiError('conflict', `Nothing was moved. ${problems.join(' ')}`);
  return { toFolder, moves };
}

/** Plans, creates the destination when missing, then moves each item (a folder with everything in it). */
export function moveEntries(catalog: Catalog, input: OperationInput<'moveEntries'>): Moved[] {
  const { toFolder, moves } = planMoveEntries(catalog, input);
  if (toFolder !== '/' && !catalog.folderExists(toFolder)) catalog.createFolder(toFolder);
  return moves.map((move) => {
    if (move.kind === 'file') return { ...move, to: catalog.moveFile(move.from, move.to).path, files: 1 };
    return { ...move, files: catalog.moveFolder(move.from, move.to) };
  });
}

