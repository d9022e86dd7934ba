/**
 * Headless mode's routes that are not JSON operations (those are in
 * ./api's contract): the event stream, file bodies uploaded from the browser,
 * and downloads through one-time tickets. Declared once here for the HTTP
 * server (service/http) and the renderer's client.
 */
import { z } from 'zod';
import { JobSchema } from './api-schemas';

export const streamingRoutes = {
  /** Server-Sent Events of shared/events' ServiceEvent; needs the bearer token, so read with fetch. */
  events: { method: 'GET', path: '/api/v1/events' },
  /** The file's bytes as the body, `?path=` the catalog path it goes to (`&onClash=` replace, keep-both or skip); answers the upload job. */
  upload: { method: 'POST', path: '/api/v1/files/upload', query: 'path', onClashQuery: 'onClash', output: JobSchema },
  /** A one-time URL for downloading one file. */
  downloadTicket: {
    method: 'POST',
    path: '/api/v1/files/download-ticket',
    input: z.object({ path: z.string().min(1, 'path: say which file to download.') }),
    output: z.object({ url: z.string() }),
  },
  /** A one-time URL for a whole folder as one ZIP archive (stored, no compression); redeemed at `download` like a file's. */
  folderZipTicket: {
    method: 'POST',
    path: '/api/v1/files/folder-zip-ticket',
    input: z.object({ path: z.string().min(1, 'path: say which folder to download ("/" for everything).') }),
    output: z.object({ url: z.string() }),
  },
  /** The ticket in the path is the credential: the browser navigates there without headers. */
  download: { method: 'GET', pathPrefix: '/api/v1/download/' },
} as const;

/** Where to POST a file body that goes to `target` in the catalog. */
export function uploadUrl(target: string, options: { onClash?: 'replace' | 'keep-both' | 'skip'; modifiedAt?: number } = {}): string {
  const { onClash, modifiedAt } = options;
  const clash = onClash ? `&${streamingRoutes.upload.onClashQuery}=${onClash}` : '';
  // The file's own modification time (File.lastModified, ms): a restore gives it back.
  const modified = modifiedAt !== undefined && Number.isSafeInteger(modifiedAt) && modifiedAt > 0 ? `&${UPLOAD_MODIFIED_QUERY}=${modifiedAt}` : '';
  return `${streamingRoutes.upload.path}?${streamingRoutes.upload.query}=${encodeURIComponent(target)}${clash}${modified}`;
}

/** The optional query parameter of an upload carrying the file's modification time in ms since the epoch. */
export const UPLOAD_MODIFIED_QUERY = 'modified';

/** The modification time an upload URL carries, or undefined when absent or not a plausible time (then the upload time is kept). */
export function uploadModifiedAt(value: string | null): number | undefined {
  if (value === null || !/^\d{1,15}$/.test(value)) return undefined;
  const ms = Number(value);
  return ms > 0 && ms < 8_640_000_000_000_000 ? ms : undefined;
}

/** The one-time download URL for a ticket. */
export function downloadUrl(ticket: string): string {
  return `${streamingRoutes.download.pathPrefix}${ticket}`;
}

/** Tickets are base64url; anything else in the path is not a ticket (and is never looked up). */
const TICKET = /^[A-Za-z0-9_-]{20,64}$/;

/** The ticket of a download URL's path, or undefined when the path is not one. */
export function ticketOfDownloadPath(pathname: string): string | undefined {
  const { pathPrefix } = streamingRoutes.download;
  if (!pathname.startsWith(pathPrefix)) return undefined;
  const ticket = pathname.slice(pathPrefix.length);
  return TICKET.test(ticket) ? ticket : undefined;
}
