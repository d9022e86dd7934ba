/** Valid sample events for the tests of everything that carries them (bus, host protocol, SSE, renderer). */
import type { Job } from './api-schemas';
import type { ServiceEvent } from './events';

export function sampleJob(changes: Partial<Job> = {}): Job {
  return {
    id: 'j1',
    kind: 'upload',
    title: 'Upload /a.txt',
    state: 'running',
    totalBytes: 100,
    doneBytes: 50,
    rateBytesPerSec: null,
    etaSeconds: null,
    error: null,
    result: null,
    attempts: 1,
    createdAt: 1,
    startedAt: 2,
    finishedAt: null,
    ...changes,
  };
}

export function sampleGridHealthEvent(status: 'healthy' | 'degraded' | 'at-risk' | 'unreadable' | 'unknown' = 'healthy'): ServiceEvent {
  return { type: 'grid-health', grid: { status, counts: { [status]: 1 }, worstFiles: [], lastPassAt: null } };
}

export function sampleHealthEvent(id: number, message = 'Account A is offline.'): ServiceEvent {
  return { type: 'health-event', event: { id, at: 1000 + id, kind: 'account-offline', severity: 'warning', message, accountId: 'a1', filePath: null } };
}
