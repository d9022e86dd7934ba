/**
 * Sends what the user chose or dropped to RAIC. Each batch shows its sending
 * phase (bytes carried from the browser to the service) until the service has
 * queued a job for every file; from then on the jobs panel shows the storing.
 */
import { useCallback, useRef, useState } from 'react';
import { useApi } from '../../app/ApiContext';
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
    async (folder: string, picked: PickedItems) => {
      const { files, emptyFolders } = picked;
      if (files.length === 0 && emptyFolders.length === 0) return;
      const id = nextId.current++;
      const total = files.reduce((sum, f) => sum + f.file.size, 0);
      const label = `${files.length} ${files.length === 1 ? 'file' : 'files'} into ${folder === '/' ? 'All files' : folder}`;
      setBatches((all) => [...all, { id, label, sent: 0, total, error: null }]);
      try {
        for (const path of emptyFolders) await api.createFolder({ path: joinPath(folder, path) });
        // One call per source folder: the desktop client uploads by path into
        // one RAIC folder per call, so grouping keeps subfolders on both sides.
        let sentBefore = 0;
        let lastShown = 0;
        for (const [dir, group] of groupByFolder(files)) {
          await api.uploadFiles(group, joinPath(folder, dir), (sent) => {
            const now = Date.now();
            if (now - lastShown < PROGRESS_INTERVAL_MS) return;
            lastShown = now;
            update(id, { sent: sentBefore + sent });
          });
          sentBefore += group.reduce((sum, f) => sum + f.file.size, 0);
          update(id, { sent: sentBefore });
          onQueued();
        }
        setBatches((all) => all.filter((b) => b.id !== id));
        if (emptyFolders.length > 0) onQueued();
      } catch (error) {
        update(id, { error: (error as Error).message });
      }
    },
    [api, onQueued, update],
  );

  const dismiss = useCallback((id: number) => setBatches((all) => all.filter((b) => b.id !== id)), []);

  return { batches, upload, dismiss };
}

/** Files grouped by the folder part of their relative path, with relativePath reduced to the name. */
function groupByFolder(files: PickedItems['files']): Map<string, { file: File; relativePath: string }[]> {
  const groups = new Map<string, { file: File; relativePath: string }[]>();
  for (const { file, relativePath } of files) {
    const slash = relativePath.lastIndexOf('/');
    const dir = slash < 0 ? '' : relativePath.slice(0, slash);
    const name = slash < 0 ? relativePath : relativePath.slice(slash + 1);
    const group = groups.get(dir) ?? [];
    group.push({ file, relativePath: name });
    groups.set(dir, group);
  }
  return groups;
}
