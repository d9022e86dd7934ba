/**
 * The current folder's listing. It reloads when a job finishes (an upload
 * adds a file, a re-encode moves shares), throttled so a folder of 200 files
 * finishing one after another causes a few reloads, not 200. Progress events
 * are ignored: they change nothing in the catalog.
 */
import { useEffect, useRef } from 'react';
import { useApi, useServiceEvents } from '../../app/ApiContext';
import { useResource } from '../../app/useResource';

const RELOAD_THROTTLE_MS = 800;

export function useFolderListing(folder: string) {
  const api = useApi();
  const listing = useResource(() => api.listFiles({ folder }), [api, folder]);
  const timer = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);
  const reloadRef = useRef(listing.reload);
  reloadRef.current = listing.reload;

  useServiceEvents(['job', 'stream-reconnecting'], (event) => {
    if (event.type === 'job' && event.job.state !== 'done') return;
    if (timer.current) return;
    timer.current = setTimeout(() => {
      timer.current = undefined;
      void reloadRef.current();
    }, RELOAD_THROTTLE_MS);
  });
  useEffect(() => () => clearTimeout(timer.current), []);

  return listing;
}
