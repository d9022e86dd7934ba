/**
 * Trash: what was deleted, when, and when its space is freed; each item can
 * be restored to where it was (beside what took its place, as "name
 * (restored)"), and "Empty trash" frees everything now after a confirmation.
 */
import { useState } from 'react';
import type { TrashItem } from '../../../../shared/api';
import { formatBytes } from '../../../../shared/format-bytes';
import { useApi } from '../../app/ApiContext';
import { routeHref } from '../../app/routes';
import { useResource } from '../../app/useResource';
import { Dialog, EmptyState, formatDate, ResourceView } from '../../components/common';
import { ActionError, useAction } from '../files/useAction';
import '../files/files.css';

export function TrashScreen() {
  const api = useApi();
  const trash = useResource(() => api.listTrash({}), [api]);
  const [notice, setNotice] = useState<string | null>(null);
  const { busy, error, run } = useAction();
  const [confirming, setConfirming] = useState(false);

  const restore = async (item: TrashItem) => {
    let restoredTo = '';
    if (await run(async () => ({ restoredTo } = await api.restoreFromTrash({ id: item.id })))) {
      setNotice(restoredTo === item.path ? `${item.path} is back.` : `${item.path} is back as ${restoredTo} (its place was taken).`);
      void trash.reload();
    }
  };
  const empty = async () => {
    if (await run(() => api.emptyTrash({}))) {
      setConfirming(false);
      setNotice('The trash is empty. The space its files used is being freed.');
      void trash.reload();
    }
  };

  return (
    <div className="trash-screen">
      <h2>Trash</h2>
      <p className="files-notice" role="status" aria-live="polite">
        {notice}
      </p>
      <ActionError message={confirming ? null : error} />
      <ResourceView resource={trash} what="the trash">
        {({ items, retention }) => (
          <>
            <p className="muted">
              Deleted files and folders stay here {retention.trashDays} days, then their space is freed. Restoring puts them back where they were.
            </p>
            {items.length === 0 ? (
              <EmptyState title="The trash is empty">Files you delete appear here.</EmptyState>
            ) : (
              <>
                <table className="files-table" aria-label="Deleted files and folders">
                  <thead>
                    <tr>
                      <th>Name</th>
                      <th>Deleted</th>
                      <th>Size</th>
                      <th>Freed on</th>
                      <th>
                        <span className="visually-hidden">Actions</span>
                      </th>
                    </tr>
                  </thead>
                  <tbody>
                    {items.map((item) => (
                      <tr key={item.id}>
                        <td title={item.path}>
                          {item.kind === 'folder' ? '📁 ' : ''}
                          {item.path}
                          {item.kind === 'folder' && <span className="muted files-small"> ({item.fileCount} {item.fileCount === 1 ? 'file' : 'files'})</span>}
                        </td>
                        <td>{formatDate(item.deletedAt)}</td>
                        <td>{formatBytes(item.bytes + item.versionBytes)}</td>
                        <td>{formatDate(item.expiresAt)}</td>
                        <td>
                          <button type="button" className="secondary files-small-button" disabled={busy} aria-label={`Restore ${item.path}`} onClick={() => void restore(item)}>
                            Restore
                          </button>
                        </td>
                      </tr>
                    ))}
                  </tbody>
                </table>
                <p>
                  <button type="button" className="danger" onClick={() => setConfirming(true)}>
                    Empty trash
                  </button>
                </p>
                <Dialog title="Empty the trash?" open={confirming} onClose={() => setConfirming(false)}>
                  <p>
                    {items.length} deleted {items.length === 1 ? 'item' : 'items'} ({formatBytes(items.reduce((sum, i) => sum + i.bytes + i.versionBytes, 0))}) will
                    be gone for good and their space freed. This cannot be undone.
                  </p>
                  <ActionError message={error} />
                  <div className="files-dialog-buttons">
                    <button type="button" className="secondary" onClick={() => setConfirming(false)}>
                      Keep them
                    </button>
                    <button type="button" className="danger" disabled={busy} onClick={() => void empty()}>
                      Empty trash
                    </button>
                  </div>
                </Dialog>
              </>
            )}
          </>
        )}
      </ResourceView>
      <p>
        <a href={routeHref('files', '/')}>Back to Files</a>
      </p>
    </div>
  );
}
