/**
 * Files: the folder tree of everything stored in the grid. The folder comes
 * from the route (#/files/<folder>); selecting a file opens its details next
 * to the list; uploads (buttons or drag and drop) show in the transfers panel.
 * Several items chosen at once (checkboxes, shift and ctrl/cmd) can be moved,
 * downloaded or deleted together; folders can be renamed in place.
 */
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import type { FileSummary } from '../../../../shared/api';
import { navigate, routeHref } from '../../app/routes';
import { EmptyState, ErrorPanel, Loading } from '../../components/common';
import { Breadcrumbs } from './Breadcrumbs';
import { DownloadFolderButton } from './DownloadFolderButton';
import { DropArea } from './DropArea';
import type { PickedItems } from './dropEntries';
import { FileDetails } from './FileDetails';
import { FolderTable } from './FolderTable';
import { NewFolderButton } from './NewFolderButton';
import { DeleteFolderButton } from './DeleteFolderButton';
import { nameOf, parentOf } from './paths';
import { ChosenItemsBar, type ChosenItem } from './ChosenItemsBar';
import { RenameFolderDialog } from './RenameFolderDialog';
import { EMPTY_SELECTION, keepListed, selectItem, type Selection } from './selection';
import { ReencodeNotice } from '../../components/ReencodeNotice';
import { TransfersPanel } from './TransfersPanel';
import { UploadButtons } from './UploadButtons';
import { clashingNames, UploadClashDialog } from './UploadClashDialog';
import { useApi } from '../../app/ApiContext';
import { useFolderListing } from './useFolderListing';
import { useJobs } from './useJobs';
import { useUploads } from './useUploads';
import './files.css';

/** What Undo restores: the trash items of the last delete; `paths` where they were (a selection), else `label` is the one item's name. */
interface UndoDelete {
  label: string;
  trashItemIds: number[];
  paths?: string[];
}

export function FilesScreen({ folder }: { folder: string }) {
  const api = useApi();
  const listing = useFolderListing(folder);
  const { jobs, reload: reloadJobs } = useJobs();
  const reloadListing = listing.reload;
  const { batches, upload, dismiss } = useUploads(useCallback(() => void reloadListing(), [reloadListing]));
  const [selectedPath, setSelectedPath] = useState<string | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const [undo, setUndo] = useState<UndoDelete | null>(null);
  const [selection, setSelection] = useState<Selection>(EMPTY_SELECTION);
  const [renaming, setRenaming] = useState<string | null>(null);
  const [deleteRequested, setDeleteRequested] = useState(false);
  const [clash, setClash] = useState<{ items: PickedItems; names: string[] } | null>(null);
  // What to say after moving to another folder (a deleted folder's parent), instead of clearing the notice.
  const noticeAfterMove = useRef<{ notice: string; undo: UndoDelete | null } | null>(null);
  useEffect(() => {
    setSelectedPath(null);
    setSelection(EMPTY_SELECTION);
    setNotice(noticeAfterMove.current?.notice ?? null);
    setUndo(noticeAfterMove.current?.undo ?? null);
    noticeAfterMove.current = null;
  }, [folder]);

  const files = listing.state === 'ready' ? listing.value.files : [];
  const subfolders = listing.state === 'ready' ? listing.value.folders : [];
  // What is chosen, as listed now (a refresh after a move or delete drops what went).
  const listedPaths = useMemo(() => [...subfolders.map((f) => f.path), ...files.map((f) => f.path)], [subfolders, files]);
  useEffect(() => setSelection((current) => keepListed(current, listedPaths)), [listedPaths]);
  const chosenItems: ChosenItem[] = [
    ...subfolders.filter((f) => selection.paths.has(f.path)).map((f) => ({ path: f.path, name: f.name, kind: 'folder' as const })),
    ...files.filter((f) => selection.paths.has(f.path)).map((f) => ({ path: f.path, name: f.name, kind: 'file' as const })),
  ];
  const takenNames = new Set([...subfolders.map((f) => f.name), ...files.map((f) => f.name)]);
  const suggestedFolders = [...new Set(['/', ...trailOf(folder), ...subfolders.map((f) => f.path)])];
  const startUpload = (items: PickedItems) => {
    setNotice(null);
    setUndo(null);
    const names = clashingNames(items, new Set(files.map((f) => f.name)));
    if (names.length > 0) setClash({ items, names });
    else void upload(folder, items);
  };
  const selected = files.find((f) => f.path === selectedPath) ?? null;
  const onMoved = (moved: FileSummary) => {
    setSelectedPath(parentOf(moved.path) === folder ? moved.path : null);
    setNotice(parentOf(moved.path) === folder ? `Renamed to ${moved.name}.` : `Moved to ${moved.path}.`);
    void listing.reload();
  };
  const onDeleted = (name: string, trashItemId?: number) => {
    setSelectedPath(null);
    setNotice(`${name} was deleted. It is in the Trash.`);
    setUndo(trashItemId === undefined ? null : { label: name, trashItemIds: [trashItemId] });
    void listing.reload();
  };
  const onChosenDeleted = (count: string, deleted: { trashItemId: number; path: string }[]) => {
    setSelectedPath(null);
    setSelection(EMPTY_SELECTION);
    setNotice(`${count} deleted. They are in the Trash.`);
    setUndo(deleted.length > 0 ? { label: count, trashItemIds: deleted.map((d) => d.trashItemId), paths: deleted.map((d) => d.path) } : null);
    void listing.reload();
  };
  const onChosenMoved = (count: string, toFolder: string) => {
    setSelection(EMPTY_SELECTION);
    setUndo(null);
    setNotice(`Moved ${count} to ${toFolder === '/' ? 'All files' : toFolder}.`);
    void listing.reload();
  };
  const onFolderRenamed = (from: string, to: string) => {
    setRenaming(null);
    if (from === folder) {
      noticeAfterMove.current = { notice: `Renamed the folder to ${nameOf(to)}.`, undo: null };
      navigate('files', to);
      return;
    }
    setUndo(null);
    setNotice(`Renamed the folder ${nameOf(from)} to ${nameOf(to)}.`);
    void listing.reload();
  };
  const onFolderDeleted = (trashItemId?: number) => {
    const name = folder.slice(folder.lastIndexOf('/') + 1);
    noticeAfterMove.current = {
      notice: `The folder ${name} was deleted. It is in the Trash.`,
      undo: trashItemId === undefined ? null : { label: name, trashItemIds: [trashItemId] },
    };
    navigate('files', parentOf(folder));
  };
  const undoDelete = async () => {
    if (!undo) return;
    setUndo(null);
    try {
      const places: string[] = [];
      for (const id of undo.trashItemIds) places.push((await api.restoreFromTrash({ id })).restoredTo);
      // Something that took a name meanwhile makes the item come back beside it, as "name (restored)": say where.
      const moved = places.filter((place, i) => (undo.paths ? place !== undo.paths[i] : nameOf(place) !== undo.label));
      const where = moved.length === 0 ? '' : undo.paths ? `; ${moved.join(', ')} came back beside a name taken meanwhile` : ` as ${moved[0]}`;
      setNotice(`${undo.label} ${undo.trashItemIds.length === 1 ? 'is' : 'are'} back${where}.`);
    } catch (error) {
      setNotice((error as Error).message);
    }
    void listing.reload();
  };

  return (
    <div className="files-screen">
      <div className="files-header">
        <h2>Files</h2>
        <Breadcrumbs folder={folder} />
      </div>
      <div className="files-toolbar" role="toolbar" aria-label="Files actions">
        <UploadButtons onPicked={(picked) => startUpload({ files: picked, emptyFolders: [] })} />
        <NewFolderButton folder={folder} onCreated={() => void listing.reload()} />
        {folder !== '/' && (
          <>
            <button type="button" className="secondary" onClick={() => setRenaming(folder)}>
              Rename folder
            </button>
            <DeleteFolderButton folder={folder} onDeleted={(trashItemId) => onFolderDeleted(trashItemId)} />
            <DownloadFolderButton folder={folder} label="Download this folder" className="secondary" />
          </>
        )}
        <DownloadFolderButton folder="/" label="Restore everything" />
        <span className="muted files-small files-toolbar-hint">or drag files and folders onto the list</span>
      </div>
      <ReencodeNotice />
      <ChosenItemsBar
        folder={folder}
        items={chosenItems}
        suggestedFolders={suggestedFolders}
        deleteRequested={deleteRequested}
        onDeleteRequestHandled={() => setDeleteRequested(false)}
        onClear={() => setSelection(EMPTY_SELECTION)}
        onMoved={onChosenMoved}
        onDeleted={onChosenDeleted}
        onNotice={(text) => {
          setUndo(null);
          setNotice(text);
        }}
      />
      <RenameFolderDialog folder={renaming} takenNames={renaming === folder ? null : takenNames} onClose={() => setRenaming(null)} onRenamed={onFolderRenamed} />
      <p className="files-notice" role="status" aria-live="polite">
        {notice}
        {undo && (
          <>
            {' '}
            <button type="button" className="secondary files-small-button" onClick={() => void undoDelete()}>
              Undo
            </button>
          </>
        )}
      </p>
      {clash && (
        <UploadClashDialog
          names={clash.names}
          onCancel={() => setClash(null)}
          onChoose={(choice) => {
            setClash(null);
            void upload(folder, clash.items, choice);
          }}
        />
      )}
      <div className={`files-layout${selected ? ' files-layout-details' : ''}`}>
        <DropArea target={folder === '/' ? 'All files' : folder} onDrop={startUpload} onError={setNotice}>
          {listing.state === 'loading' && <Loading what="this folder" />}
          {listing.state === 'error' && (
            <>
              <ErrorPanel title="RAIC could not open this folder." message={listing.message} onRetry={() => void listing.reload()} />
              {folder !== '/' && (
                <p>
                  <a href={routeHref('files', '/')}>Go to All files</a>
                </p>
              )}
            </>
          )}
          {listing.state === 'ready' &&
            (listing.value.folders.length === 0 && listing.value.files.length === 0 ? (
              <EmptyState title="This folder is empty">Drop files here or use Upload.</EmptyState>
            ) : (
              <FolderTable
                listing={listing.value}
                selectedPath={selected?.path ?? null}
                onSelect={(file) => setSelectedPath(file.path)}
                selection={selection}
                onChoose={(path, mode, order) => setSelection((current) => selectItem(current, order, path, mode))}
                onChooseAll={(paths) => setSelection(paths ? { paths: new Set(paths), anchor: null } : EMPTY_SELECTION)}
                onRenameFolder={setRenaming}
                onDeleteChosen={() => setDeleteRequested(true)}
              />
            ))}
        </DropArea>
        {selected && (
          <FileDetails
            file={selected}
            onClose={() => setSelectedPath(null)}
            onChanged={() => void listing.reload()}
            onMoved={onMoved}
            onDeleted={(trashItemId) => onDeleted(selected.name, trashItemId)}
          />
        )}
      </div>
      <TransfersPanel jobs={jobs} onReload={() => void reloadJobs()} batches={batches} onDismissBatch={dismiss} />
    </div>
  );
}

/** The open folder and each folder above it, for the Move dialog's suggestions. */
function trailOf(folder: string): string[] {
  const trail: string[] = [];
  for (let current = folder; current !== '/'; current = parentOf(current)) trail.push(current);
  return trail;
}
