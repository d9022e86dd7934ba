/**
 * Files: the folder tree of everything stored in the grid. The folder comes
 * from the route (#/files/<folder>); selecting a file opens its details next
 * to the list; uploads (buttons or drag and drop) show in the transfers panel.
 */
import { useCallback, useEffect, useState } from 'react';
import type { FileSummary } from '../../../../shared/api';
import { routeHref } from '../../app/routes';
import { EmptyState, ErrorPanel, Loading } from '../../components/common';
import { Breadcrumbs } from './Breadcrumbs';
import { DownloadFolderButton } from './DownloadFolderButton';
import { DropArea } from './DropArea';
import type { PickedItems } from './dropEntries';
import { FileDetails } from './FileDetails';
import { FolderTable } from './FolderTable';
import { NewFolderButton } from './NewFolderButton';
import { parentOf } from './paths';
import { TransfersPanel } from './TransfersPanel';
import { UploadButtons } from './UploadButtons';
import { useFolderListing } from './useFolderListing';
import { useJobs } from './useJobs';
import { useUploads } from './useUploads';
import './files.css';

export function FilesScreen({ folder }: { folder: string }) {
  const listing = useFolderListing(folder);
  const { jobs, reload: reloadJobs } = useJobs();
  const reloadListing = listing.reload;
  const { batches, upload, dismiss } = useUploads(useCallback(() => void reloadListing(), [reloadListing]));
  const [selectedPath, setSelectedPath] = useState<string | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  useEffect(() => {
    setSelectedPath(null);
    setNotice(null);
  }, [folder]);

  const startUpload = (items: PickedItems) => {
    setNotice(null);
    void upload(folder, items);
  };
  const files = listing.state === 'ready' ? listing.value.files : [];
  const selected = files.find((f) => f.path === selectedPath) ?? null;
  const onMoved = (moved: FileSummary) => {
    setSelectedPath(parentOf(moved.path) === folder ? moved.path : null);
    setNotice(parentOf(moved.path) === folder ? `Renamed to ${moved.name}.` : `Moved to ${moved.path}.`);
    void listing.reload();
  };
  const onDeleted = (name: string) => {
    setSelectedPath(null);
    setNotice(`${name} was deleted.`);
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
        <DownloadFolderButton folder="/" label="Restore everything" />
        <span className="muted files-small files-toolbar-hint">or drag files and folders onto the list</span>
      </div>
      <p className="files-notice" role="status" aria-live="polite">
        {notice}
      </p>
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
              <FolderTable listing={listing.value} selectedPath={selected?.path ?? null} onSelect={(file) => setSelectedPath(file.path)} />
            ))}
        </DropArea>
        {selected && (
          <FileDetails
            file={selected}
            onClose={() => setSelectedPath(null)}
            onChanged={() => void listing.reload()}
            onMoved={onMoved}
            onDeleted={() => onDeleted(selected.name)}
          />
        )}
      </div>
      <TransfersPanel jobs={jobs} onReload={() => void reloadJobs()} batches={batches} onDismissBatch={dismiss} />
    </div>
  );
}
