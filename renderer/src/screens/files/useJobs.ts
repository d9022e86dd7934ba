/**
 * The service's jobs (uploads, downloads, re-encoding), kept live: one list
 * at the start, then every pushed `job` event replaces that job's entry. The
 * stream has no replay, so each time it connects (the first time too) the
 * list is loaded again.
 */
import { useCallback, useEffect, useRef, useState } from 'react';
import type { Job } from '../../../../shared/api';
import { useApi, useServiceEvents } from '../../app/ApiContext';

export type JobsState = { state: 'loading' } | { state: 'error'; message: string } | { state: 'ready'; jobs: Job[] };

export function useJobs() {
  const api = useApi();
  const [byId, setById] = useState<Map<string, Job> | null>(null);
  const [error, setError] = useState<string | null>(null);
  /**
   * Pushed job events counted, and for each job the count when an event last
   * set it. An entry only matters to a list already on its way (one asked for
   * later starts from a count at least as high), so the map is emptied
   * whenever no list is: it never grows with the jobs seen.
   */
  const eventCount = useRef(0);
  const pushedAt = useRef(new Map<string, number>());
  const listsOnTheirWay = useRef(0);

  const reload = useCallback(async () => {
    listsOnTheirWay.current += 1;
    try {
      const askedAt = eventCount.current;
      const listed = await api.listJobs({});
      // The list and the events come over different connections, in either order. An event that
      // arrived while the list was on its way is at least as new as the list: kept, also for a job
      // the list does not have yet (a small upload can be queued, run and done before a slow list
      // answers; replacing the entries with the list would drop it for good). A job pushed before
      // the list was asked for and missing from it was cleared meanwhile: dropped. Read now, since the
      // map may be emptied before React runs the update.
      const pushedSinceAsked = new Set([...pushedAt.current].filter(([, at]) => at > askedAt).map(([id]) => id));
      setById((current) => {
        const next = new Map(listed.map((job) => [job.id, job]));
        for (const [id, job] of current ?? []) {
          const fromList = next.get(id);
          if (fromList ? isNewer(job, fromList) : pushedSinceAsked.has(id)) next.set(id, job);
        }
        return next;
      });
      setError(null);
    } catch (e) {
      setError((e as Error).message);
    } finally {
      listsOnTheirWay.current -= 1;
      if (listsOnTheirWay.current === 0) pushedAt.current.clear();
    }
  }, [api]);

  useEffect(() => void reload(), [reload]);

  // The list loaded at mount can be older than the event stream: a job that ended before the stream
  // was up (a small upload on a slow start) would otherwise stay 'waiting' here forever. So every
  // connection, the first one too, loads the list again; a dropped stream reloads at once as well.
  useServiceEvents(['job', 'job-removed', 'stream-reconnecting', 'stream-connected'], (event) => {
    if (event.type === 'stream-reconnecting' || event.type === 'stream-connected') return void reload();
    if (event.type === 'job') {
      const { job } = event;
      pushedAt.current.set(job.id, ++eventCount.current);
      setById((current) => new Map(current ?? []).set(job.id, job));
    } else {
      const { id } = event;
      pushedAt.current.delete(id);
      setById((current) => {
        const next = new Map(current ?? []);
        next.delete(id);
        return next;
      });
    }
  });

  const state: JobsState = error && !byId ? { state: 'error', message: error } : byId ? { state: 'ready', jobs: sortJobs([...byId.values()]) } : { state: 'loading' };
  return { jobs: state, reload };
}

const FINISHED: readonly Job['state'][] = ['done', 'failed', 'cancelled'];

export function isFinished(job: Job): boolean {
  return FINISHED.includes(job.state);
}

function isNewer(a: Job, b: Job): boolean {
  if (isFinished(a) !== isFinished(b)) return isFinished(a);
  return a.doneBytes > b.doneBytes;
}

/** Running first, then waiting (next to start first), then finished (newest first). */
function sortJobs(jobs: Job[]): Job[] {
  const rank: Record<Job['state'], number> = { running: 0, queued: 1, failed: 2, cancelled: 3, done: 3 };
  return jobs.sort((a, b) => rank[a.state] - rank[b.state] || (a.state === 'queued' ? a.createdAt - b.createdAt : b.createdAt - a.createdAt));
}
