/**
 * The folder's contents as a table: subfolders (links, so Tab + Enter opens
 * them and the browser's back button returns) and files (a button per name
 * selects the file and opens its details). Column headers sort.
 */
import { useState } from 'react';
import type { FileSummary, FolderListing } from '../../../../shared/api';
import { navigate, routeHref } from '../../app/routes';
import { HealthBadge } from '../../components/common';
import { formatBytes } from '../../../../shared/format-bytes';
import { DownloadFolderButton } from './DownloadFolderButton';
import { nextOrder, sortFiles, sortFolders, type SortKey, type SortOrder } from './sorting';

// The day fits a narrow column; the full date and time are in the tooltip.
const day = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium' });
const dayAndTime = new Intl.DateTimeFormat(undefined, { dateStyle: 'full', timeStyle: 'medium' });

interface Props {
  listing: FolderListing;
  selectedPath: string | null;
  onSelect: (file: FileSummary) => void;
}

export function FolderTable({ listing, selectedPath, onSelect }: Props) {
  const [order, setOrder] = useState<SortOrder>({ key: 'name', descending: false });
  const folders = sortFolders(listing.folders, order);
  const files = sortFiles(listing.files, order);
  const sortBy = (key: SortKey) => setOrder((current) => nextOrder(current, key));
  return (
    <table className="files-table" data-testid="files-table">
      <caption className="visually-hidden">Folders and files in {listing.folder}; column headers sort the list.</caption>
      <thead>
        <tr>
          <SortHeader label="Name" column="name" order={order} onSort={sortBy} />
          <SortHeader label="Size" column="size" order={order} onSort={sortBy} className="files-col-size" />
          <SortHeader label="Stored" column="date" order={order} onSort={sortBy} className="files-col-date" />
          <th scope="col" className="files-col-health">
            Health
          </th>
        </tr>
      </thead>
      <tbody>
        {folders.map((folder) => (
          <tr key={folder.path} className="files-row files-row-folder" data-testid="folder-row" onClick={() => navigate('files', folder.path)}>
            <th scope="row" className="files-name">
              <span className="files-name-inner">
                <span className="files-icon files-icon-folder" aria-hidden="true" />
                <a href={routeHref('files', folder.path)} onClick={(event) => event.stopPropagation()}>
                  {folder.name}
                </a>
              </span>
            </th>
            <td className="files-col-size">
              {formatBytes(folder.totalBytes)}
              <span className="muted files-count">
                {' '}
                · {folder.fileCount} {folder.fileCount === 1 ? 'file' : 'files'}
              </span>
            </td>
            <td className="files-col-date muted">Folder</td>
            <td className="files-col-health">
              <DownloadFolderButton folder={folder.path} label="Download folder" ariaLabel={`Download folder ${folder.name}`} className="files-row-action" />
            </td>
          </tr>
        ))}
        {files.map((file) => {
          const selected = file.path === selectedPath;
          return (
            <tr
              key={file.path}
              className={`files-row files-row-file${selected ? ' files-row-selected' : ''}`}
              data-testid="file-row"
              onClick={() => onSelect(file)}
            >
              <th scope="row" className="files-name">
                <span className="files-name-inner">
                  <span className="files-icon files-icon-file" aria-hidden="true" />
                  <button
                  type="button"
                  className="files-name-button"
                  aria-pressed={selected}
                  aria-controls={selected ? 'file-details' : undefined}
                  onClick={(event) => {
                    event.stopPropagation();
                    onSelect(file);
                  }}
                >
                  {file.name}
                  </button>
                </span>
              </th>
              <td className="files-col-size" data-testid="file-size">
                {formatBytes(file.size)}
              </td>
              <td className="files-col-date">
                <time dateTime={new Date(file.storedAt).toISOString()} title={dayAndTime.format(file.storedAt)}>
                  {day.format(file.storedAt)}
                </time>
              </td>
              <td className="files-col-health">
                <HealthBadge health={file.health} />
              </td>
            </tr>
          );
        })}
      </tbody>
    </table>
  );
}

function SortHeader({ label, column, order, onSort, className }: { label: string; column: SortKey; order: SortOrder; onSort: (key: SortKey) => void; className?: string }) {
  const active = order.key === column;
  return (
    <th scope="col" className={className} aria-sort={active ? (order.descending ? 'descending' : 'ascending') : 'none'}>
      <button type="button" className="files-sort-button" onClick={() => onSort(column)}>
        {label}
        <span className="files-sort-arrow" aria-hidden="true">
          {active ? (order.descending ? '▼' : '▲') : ''}
        </span>
      </button>
    </th>
  );
}
