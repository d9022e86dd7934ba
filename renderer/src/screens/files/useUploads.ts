/**
 * Sends what the user chose or dropped to RAIC. Each batch shows its sending
 * phase (bytes carried from the browser to the service) until the service has
 * queued a job for every file; from then on the jobs panel shows the storing.
 */
import { useCallback, useRef, useState } from 'react';
import { useApi } from '../../app/ApiContext';
import type { OnClash } from '../../../../shared/api';
import type { PickedItems } from './dropEntries';
import { joinPath } from './paths';

export interface SendingBatch {
  id: number;
  /** "3 files into /Photos", for the panel and screen readers. */
  label: string;
  sent: number;
  total: number;
  error: string | null;
}

/** Progress from XMLHttpRequest fires many times a second; the panel needs a few. */
const PROGRESS_INTERVAL_MS = 150;

export function useUploads(onQueued: () => void) {
  const api = useApi();
  const [batches, setBatches] = useState<SendingBatch[]>([]);
  const nextId = useRef(1);

  const update = useCallback((id: number, change: Partial<SendingBatch>) => {
    setBatches((all) => all.map((b) => (b.id === id ? { ...b, ...change } : b)));
  }, []);

  const upload = useCallback(
    async (folder: string, picked: PickedItems, onClash?: OnClash) => {
      const { files, emptyFolders } = picked;
      if (files.length === 0 && emptyFolders.length === 0) return;
      const id = nextId.current++;
      const total = files.reduce((sum, f) => sum + (f.isFolder ? 0 : f.file.size), 0);
      const label = `${countWords(files)} into ${folder === '/' ? 'All files' : folder}`;
      setBatches((all) => [...all, { id, label, sent: 0, total, error: null }]);
      try {
        for (const path of emptyFolders) await api.createFolder({ path: joinPath(folder, path) });
        // One call for the whole batch: each file keeps its relativePath below `folder`.
        let lastShown = 0;
        if (files.length > 0) {
          await api.uploadFiles(
            files,
            folder,
            (sent) => {
              const now = Date.now();
              if (now - lastShown < PROGRESS_INTERVAL_MS) return;
              lastShown = now;
              update(id, { sent });
            },
            onClash,
          );
        }
        setBatches((all) => all.filter((b) => b.id !== id));
        onQueued();
      } catch (error) {
        update(id, { error: (error as Error).message });
      }
    },
    [api, onQueued, update],
  );

  const dismiss = useCallback((id: number) => setBatches((all) => all.filter((b) => b.id !== id)), []);

  return { batches, upload, dismiss };
}

/** "3 files", or with unopened dropped folders "1 folder and 2 files". */
function countWords(files: PickedItems['files']): string {
  const folders = files.filter((f) => f.isFolder).length;
  const plain = files.length - folders;
  const fileWords = `${plain} ${plain === 1 ? 'file' : 'files'}`;
  if (folders === 0) return fileWords;
  const folderWords = `${folders} ${folders === 1 ? 'folder' : 'folders'}`;
  return plain === 0 ? folderWords : `${folderWords} and ${fileWords}`;
}
