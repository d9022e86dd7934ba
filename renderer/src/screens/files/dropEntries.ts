/**
 * Turns what the user chose or dropped into `{ file, relativePath }` pairs,
 * keeping folder structure: a dropped folder "Trip" with "Trip/day1/a.jpg"
 * becomes relativePath "Trip/day1/a.jpg" under the current RAIC folder.
 */

export interface PickedFile {
  /** In the desktop app's unwalked drops, also a dropped folder (see readDrop). */
  file: File;
  /** Path below the folder the user dropped into, with "/" separators. */
  relativePath: string;
  /** A dropped folder that was not opened in the page. */
  isFolder?: boolean;
}

export interface PickedItems {
  files: PickedFile[];
  /** Folders with nothing in them: created in RAIC so the structure survives. */
  emptyFolders: string[];
}

/** Files from an <input type=file> (webkitRelativePath is set when a folder was chosen). */
export function pickedFromInput(list: FileList | null): PickedFile[] {
  return Array.from(list ?? [], (file) => ({ file, relativePath: file.webkitRelativePath || file.name }));
}

/**
 * Reads a drop. Entries must be taken from the DataTransfer synchronously (it
 * is emptied once the event handler returns), so this collects them first
 * and walks the folders afterwards. With `walkFolders: false` (the desktop
 * app, which uploads by path and lets the service walk folders) the dropped
 * items are returned as they are, folders unopened.
 */
export function readDrop(data: DataTransfer, options: { walkFolders: boolean }): Promise<PickedItems> {
  if (!options.walkFolders) return Promise.resolve({ files: topLevelItems(data), emptyFolders: [] });
  const entries: FileSystemEntry[] = [];
  const plainFiles: File[] = [];
  for (const item of Array.from(data.items)) {
    if (item.kind !== 'file') continue;
    // Synthetic drops (and some browsers) give no entry: fall back to the plain file.
    const entry = typeof item.webkitGetAsEntry === 'function' ? item.webkitGetAsEntry() : null;
    if (entry) entries.push(entry);
    else {
      const file = item.getAsFile();
      if (file) plainFiles.push(file);
    }
  }
  if (entries.length === 0 && plainFiles.length === 0) plainFiles.push(...Array.from(data.files));
  return collect(entries, plainFiles);
}

/** The dropped files and folders themselves (a folder's File stands for the folder: its path is the folder's). */
function topLevelItems(data: DataTransfer): PickedFile[] {
  const items: PickedFile[] = [];
  for (const item of Array.from(data.items)) {
    if (item.kind !== 'file') continue;
    const file = item.getAsFile();
    if (!file) continue;
    const entry = typeof item.webkitGetAsEntry === 'function' ? item.webkitGetAsEntry() : null;
    items.push({ file, relativePath: file.name, isFolder: entry?.isDirectory === true });
  }
  if (items.length === 0) items.push(...Array.from(data.files, (file) => ({ file, relativePath: file.name })));
  return items;
}

async function collect(entries: FileSystemEntry[], plainFiles: File[]): Promise<PickedItems> {
  const result: PickedItems = { files: plainFiles.map((file) => ({ file, relativePath: file.webkitRelativePath || file.name })), emptyFolders: [] };
  for (const entry of entries) await walk(entry, '', result);
  return result;
}

async function walk(entry: FileSystemEntry, prefix: string, into: PickedItems): Promise<void> {
  const path = prefix ? `${prefix}/${entry.name}` : entry.name;
  if (entry.isFile) {
    into.files.push({ file: await fileOf(entry as FileSystemFileEntry), relativePath: path });
    return;
  }
  if (!entry.isDirectory) return;
  const children = await readAll((entry as FileSystemDirectoryEntry).createReader());
  if (children.length === 0) into.emptyFolders.push(path);
  for (const child of children) await walk(child, path, into);
}

function fileOf(entry: FileSystemFileEntry): Promise<File> {
  return new Promise((resolve, reject) => entry.file(resolve, reject));
}

/** readEntries answers in batches (about 100 at a time in Chromium): read until it returns none. */
async function readAll(reader: FileSystemDirectoryReader): Promise<FileSystemEntry[]> {
  const all: FileSystemEntry[] = [];
  for (;;) {
    const batch = await new Promise<FileSystemEntry[]>((resolve, reject) => reader.readEntries(resolve, reject));
    if (batch.length === 0) return all;
    all.push(...batch);
  }
}

/** Whether a drag carries files (not text or a link being dragged around the page). */
export function dragHasFiles(data: DataTransfer | null): boolean {
  return !!data && Array.from(data.types).includes('Files');
}
