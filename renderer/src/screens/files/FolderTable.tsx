/**
 * The folder's contents as a table: subfolders (links, so Tab + Enter opens
 * them and the browser's back button returns) and files (a button per name
 * selects the file and opens its details). Column headers sort.
 *
 * Choosing several items: each row has a checkbox (touch and keyboard;
 * shift-click on one selects a range), and a row clicked with ctrl/cmd
 * toggles it, with shift selects a range. With focus in the table,
 * ctrl/cmd+A chooses everything, Escape clears, Delete asks to delete.
 */
import { useEffect, useRef, useState, type KeyboardEvent, type MouseEvent, type ReactNode } from 'react';
import type { FileSummary, FolderListing } from '../../../../shared/api';
import { navigate, routeHref } from '../../app/routes';
import { HealthBadge } from '../../components/common';
import { formatBytes } from '../../../../shared/format-bytes';
import { DownloadFolderButton } from './DownloadFolderButton';
import { modeOfClick, type SelectMode, type Selection } from './selection';
import { nextOrder, sortFiles, sortFolders, type SortKey, type SortOrder } from './sorting';

// The day fits a narrow column; the full date and time are in the tooltip.
const day = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium' });
const dayAndTime = new Intl.DateTimeFormat(undefined, { dateStyle: 'full', timeStyle: 'medium' });

interface Props {
  listing: FolderListing;
  selectedPath: string | null;
  onSelect: (file: FileSummary) => void;
  selection: Selection;
  /** A click or key on an item with a selection mode; `order` is the list as shown. */
  onChoose: (path: string, mode: SelectMode, order: readonly string[]) => void;
  onChooseAll: (paths: readonly string[] | null) => void;
  onRenameFolder: (path: string) => void;
  onDeleteChosen: () => void;
}

export function FolderTable({ listing, selectedPath, onSelect, selection, onChoose, onChooseAll, onRenameFolder, onDeleteChosen }: Props) {
  const [order, setOrder] = useState<SortOrder>({ key: 'name', descending: false });
  const folders = sortFolders(listing.folders, order);
  const files = sortFiles(listing.files, order);
  const shown = [...folders.map((f) => f.path), ...files.map((f) => f.path)];
  const sortBy = (key: SortKey) => setOrder((current) => nextOrder(current, key));
  const chosenCount = shown.filter((p) => selection.paths.has(p)).length;

  /** A row clicked with shift or ctrl/cmd chooses instead of opening; true when it did. */
  const chooseByClick = (event: MouseEvent, path: string): boolean => {
    const mode = modeOfClick(event);
    if (!mode) return false;
    event.preventDefault();
    event.stopPropagation();
    onChoose(path, mode, shown);
    return true;
  };
  const onKeyDown = (event: KeyboardEvent) => {
    if ((event.target as HTMLElement).tagName === 'INPUT' && (event.target as HTMLInputElement).type !== 'checkbox') return;
    if ((event.ctrlKey || event.metaKey) && event.key.toLowerCase() === 'a') {
      event.preventDefault();
      onChooseAll(shown);
    } else if (event.key === 'Escape' && selection.paths.size > 0) {
      onChooseAll(null);
    } else if (event.key === 'Delete' && selection.paths.size > 0) {
      onDeleteChosen();
    }
  };
  const checkbox = (path: string, name: string) => (
    <span className="files-check" onClick={(event) => event.stopPropagation()}>
      <input
        type="checkbox"
        aria-label={`Choose ${name}`}
        checked={selection.paths.has(path)}
        // onClick rather than onChange: it carries the shift key; the state is ours, so React's checked stays in step.
        onClick={(event) => onChoose(path, event.shiftKey ? 'range' : 'toggle', shown)}
        onChange={() => undefined}
      />
    </span>
  );

  return (
    <table className="files-table" data-testid="files-table" onKeyDown={onKeyDown}>
      <caption className="visually-hidden">
        Folders and files in {listing.folder}; column headers sort the list. Choose several with the checkboxes, shift-click for a range, ctrl-click to add one.
      </caption>
      <thead>
        <tr>
          <SortHeader label="Name" column="name" order={order} onSort={sortBy}>
            <AllCheckbox chosen={chosenCount} total={shown.length} onChange={(all) => onChooseAll(all ? shown : null)} />
          </SortHeader>
          <SortHeader label="Size" column="size" order={order} onSort={sortBy} className="files-col-size" />
          <SortHeader label="Stored" column="date" order={order} onSort={sortBy} className="files-col-date" />
          <th scope="col" className="files-col-health">
            Health
          </th>
        </tr>
      </thead>
      <tbody>
        {folders.map((folder) => (
          <tr
            key={folder.path}
            className={`files-row files-row-folder${selection.paths.has(folder.path) ? ' files-row-chosen' : ''}`}
            data-testid="folder-row"
            aria-selected={selection.paths.has(folder.path)}
            onClick={(event) => chooseByClick(event, folder.path) || navigate('files', folder.path)}
          >
            <th scope="row" className="files-name">
              <span className="files-name-inner">
                {checkbox(folder.path, folder.name)}
                <span className="files-icon files-icon-folder" aria-hidden="true" />
                <a href={routeHref('files', folder.path)} onClick={(event) => chooseByClick(event, folder.path) || event.stopPropagation()}>
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
              <span className="files-row-actions" onClick={(event) => event.stopPropagation()}>
                <button type="button" className="files-row-action secondary" aria-label={`Rename folder ${folder.name}`} onClick={() => onRenameFolder(folder.path)}>
                  Rename
                </button>
                <DownloadFolderButton folder={folder.path} label="Download folder" ariaLabel={`Download folder ${folder.name}`} className="files-row-action" />
              </span>
            </td>
          </tr>
        ))}
        {files.map((file) => {
          const selected = file.path === selectedPath;
          const chosen = selection.paths.has(file.path);
          return (
            <tr
              key={file.path}
              className={`files-row files-row-file${selected ? ' files-row-selected' : ''}${chosen ? ' files-row-chosen' : ''}`}
              data-testid="file-row"
              aria-selected={chosen}
              onClick={(event) => chooseByClick(event, file.path) || onSelect(file)}
            >
              <th scope="row" className="files-name">
                <span className="files-name-inner">
                  {checkbox(file.path, file.name)}
                  <span className="files-icon files-icon-file" aria-hidden="true" />
                  <button
                    type="button"
                    className="files-name-button"
                    aria-pressed={selected}
                    aria-controls={selected ? 'file-details' : undefined}
                    onClick={(event) => {
                      if (chooseByClick(event, file.path)) return;
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

/** Checked when everything shown is chosen, mixed (indeterminate) when some are. */
function AllCheckbox({ chosen, total, onChange }: { chosen: number; total: number; onChange: (all: boolean) => void }) {
  const ref = useRef<HTMLInputElement>(null);
  useEffect(() => {
    if (ref.current) ref.current.indeterminate = chosen > 0 && chosen < total;
  }, [chosen, total]);
  return <input ref={ref} type="checkbox" aria-label="Choose everything in this folder" checked={total > 0 && chosen === total} onChange={(event) => onChange(event.target.checked)} />;
}

function SortHeader({
  label,
  column,
  order,
  onSort,
  className,
  children,
}: {
  label: string;
  column: SortKey;
  order: SortOrder;
  onSort: (key: SortKey) => void;
  className?: string;
  /** Shown before the sort button (the Name column's "choose everything" checkbox). */
  children?: ReactNode;
}) {
  const active = order.key === column;
  return (
    <th scope="col" className={className} aria-sort={active ? (order.descending ? 'descending' : 'ascending') : 'none'}>
      {children && <span className="files-check files-check-all">{children}</span>}
      <button type="button" className="files-sort-button" onClick={() => onSort(column)}>
        {label}
        <span className="files-sort-arrow" aria-hidden="true">
          {active ? (order.descending ? '▼' : '▲') : ''}
        </span>
      </button>
    </th>
  );
}
