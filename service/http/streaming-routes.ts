/**
 * The routes that do not fit a JSON call: the event stream, uploads of file
 * bodies from the browser (drag and drop), and downloads. Downloads go through
 * one-time tickets: the page asks for a ticket (an authenticated JSON call)
 * and then navigates to the ticket's URL, so the browser's own
 * download manager streams the file to disk instead of holding it in memory,
 * and the long-lived access token never appears in a URL. The paths are
 * declared in shared/streaming-routes.ts, which the renderer uses too.
 */
import { createWriteStream, promises as fs } from 'node:fs';
import { pipeline } from 'node:stream/promises';
import { randomBytes } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { ApiError, OnClashSchema, type Job } from '../../shared/api';
import { streamingRoutes, UPLOAD_MODIFIED_QUERY, uploadModifiedAt } from '../../shared/streaming-routes';
import { serveEventStream } from './event-stream';
import type { StreamingApi } from '../ports';

export type { StreamingApi };

const TICKET_LIFETIME_MS = 60_000;

/** What a download ticket stands for: one file's bytes, or a folder as a ZIP archive. */
export type DownloadKind = 'file' | 'zip';

export class DownloadTickets {
  private readonly tickets = new Map<string, { path: string; kind: DownloadKind; expires: number }>();

  issue(path: string, kind: DownloadKind = 'file'): string {
    this.sweep();
    const ticket = randomBytes(24).toString('base64url');
    this.tickets.set(ticket, { path, kind, expires: Date.now() + TICKET_LIFETIME_MS });
    return ticket;
  }

  /** A ticket works once, within its lifetime. */
  redeem(ticket: string): string | undefined {
    return this.redeemWithKind(ticket)?.path;
  }

  /** Like redeem, also saying whether the ticket is for a file or a folder's ZIP archive. */
  redeemWithKind(ticket: string): { path: string; kind: DownloadKind } | undefined {
    const entry = this.tickets.get(ticket);
    this.tickets.delete(ticket);
    return entry && entry.expires > Date.now() ? { path: entry.path, kind: entry.kind } : undefined;
  }

  private sweep(): void {
    const now = Date.now();
    for (const [ticket, entry] of this.tickets) if (entry.expires <= now) this.tickets.delete(ticket);
  }
}

export function handleEvents(req: IncomingMessage, res: ServerResponse, api: StreamingApi): void {
  serveEventStream(req, res, (send) => api.subscribe(send));
}

/** POST the upload route with ?path=/Folder/name.ext and the file's bytes as the body. */
export async function handleUpload(req: IncomingMessage, res: ServerResponse, url: URL, api: StreamingApi): Promise<Job> {
  const target = url.searchParams.get(streamingRoutes.upload.query);
  if (!target) throw new ApiError('invalid_input', 'path: say where the file goes, e.g. ?path=/Photos/a.jpg', 'path');
  const clash = OnClashSchema.optional().safeParse(url.searchParams.get(streamingRoutes.upload.onClashQuery) ?? undefined);
  if (!clash.success) throw new ApiError('invalid_input', 'onClash: choose replace, keep-both or skip.', 'onClash');
  const onClash = clash.data;
  api.checkUploadTarget(target, onClash);
  const staged = await api.newStagingFile();
  try {
    await pipeline(req, createWriteStream(staged, { flags: 'wx', mode: 0o600 }));
    const declared = Number(req.headers['content-length']);
    const size = (await fs.stat(staged)).size;
    if (Number.isFinite(declared) && declared !== size) throw new ApiError('invalid_input', `The upload was cut short (${size} of ${declared} bytes arrived); nothing was stored. Try again.`);
    return api.submitStagedUpload(staged, target, size, onClash, uploadModifiedAt(url.searchParams.get(UPLOAD_MODIFIED_QUERY)));
  } catch (error) {
    await fs.unlink(staged).catch(() => undefined);
    if (!(error instanceof ApiError) && res.destroyed) throw new ApiError('invalid_input', 'The upload was interrupted; nothing was stored.');
    throw error;
  }
}

export async function handleDownload(res: ServerResponse, ticket: string, api: StreamingApi, tickets: DownloadTickets): Promise<void> {
  const redeemed = tickets.redeemWithKind(ticket);
  if (!redeemed) throw new ApiError('not_found', 'This download link has expired or was used already; start the download again.');
  if (redeemed.kind === 'zip') return handleFolderZip(res, redeemed.path, api);
  const file = await api.openDownload(redeemed.path);
  res.writeHead(200, {
    'Content-Type': 'application/octet-stream',
    'Content-Length': String(file.size),
    'Content-Disposition': `attachment; filename*=UTF-8''${encodeURIComponent(file.name)}`,
    'Cache-Control': 'no-store',
  });
  try {
    for await (const chunk of file.chunks) {
      if (res.destroyed) break;
      if (!res.write(chunk)) await new Promise<void>((resolve) => res.once('drain', resolve));
    }
    res.end();
  } catch (error) {
    // Headers are gone: cutting the connection makes the browser mark the download failed instead of keeping a short file.
    res.destroy();
    throw error;
  }
}

/** A folder as a ZIP archive: its length is not known in advance, so the body goes chunked. */
async function handleFolderZip(res: ServerResponse, folder: string, api: StreamingApi): Promise<void> {
  const archive = await api.openFolderZip(folder);
  res.writeHead(200, {
    'Content-Type': 'application/zip',
    'Content-Disposition': `attachment; filename*=UTF-8''${encodeURIComponent(archive.name)}`,
    'Cache-Control': 'no-store',
  });
  await streamBody(res, archive.chunks);
}

async function streamBody(res: ServerResponse, chunks: AsyncIterable<Uint8Array>): Promise<void> {
  try {
    for await (const chunk of chunks) {
      if (res.destroyed) break;
      if (!res.write(chunk)) await new Promise<void>((resolve) => res.once('drain', resolve));
    }
    res.end();
  } catch (error) {
    // Headers are gone: cutting the connection makes the browser mark the download failed instead of keeping a short file.
    res.destroy();
    throw error;
  }
}
