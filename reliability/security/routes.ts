/**
 * Every route the headless server answers under /api/: one per operation of
 * the API contract, plus the streaming routes (events, browser uploads,
 * download tickets). A route added to the contract is covered automatically.
 */
import { apiContract } from '../../shared/api';
import { OPERATION_NAMES } from '../../shared/operations';

export interface Route {
  method: 'GET' | 'POST';
  path: string;
  /** A body the route accepts with a valid token (so a 401 can only come from the token check). */
  body?: string;
  /** Never ends by itself: read the status line only. */
  stream?: boolean;
}

export function allApiRoutes(filePath: string): Route[] {
  const operations: Route[] = OPERATION_NAMES.map((op) => ({
    method: apiContract[op].http.method,
    path: apiContract[op].http.path,
    body: apiContract[op].http.method === 'POST' ? '{}' : undefined,
  }));
  return [
    ...operations,
    { method: 'GET', path: '/api/v1/events', stream: true },
    { method: 'POST', path: `/api/v1/files/upload?path=${encodeURIComponent('/from-browser/a.txt')}`, body: 'hello' },
    { method: 'POST', path: '/api/v1/files/download-ticket', body: JSON.stringify({ path: filePath }) },
  ];
}
