/**
 * Headless mode's non-JSON routes over real HTTP: a browser-style upload of a
 * file body becomes a job whose progress arrives on the event stream, the
 * file then downloads byte-identical through a one-time ticket, and every
 * route refuses callers without the token.
 */
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RaicService } from '../raic-service';
import { startHeadlessServer, type HeadlessServer } from './server';
import { readEventStream } from '../../shared/sse-parser';
import type { Job } from '../../shared/api';

let dir: string;
let service: RaicService;
let server: HeadlessServer;
let auth: Record<string, string>;

beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'raic-streams-'));
  const staticDir = path.join(dir, 'ui');
  await mkdir(staticDir);
  await writeFile(path.join(staticDir, 'index.html'), '<!doctype html><title>RAIC</title>');
  service = await RaicService.open(path.join(dir, 'data'), { log: () => undefined, backupDebounceMs: 60_000 });
  service.startBackground({ monitor: false });
  server = await startHeadlessServer({ api: service, streams: service.streamingApi(), staticDir, port: 0, log: () => {} });
  auth = { authorization: `Bearer ${server.token}` };
});
afterAll(async () => {
  await server.close();
  await service.close();
  await rm(dir, { recursive: true, force: true });
});

describe('streaming routes', () => {
  it('stores an uploaded body through a job, reports it on the event stream, and downloads it through a one-time ticket', async () => {
    const events: { type: string; job?: Job }[] = [];
    const stream = new AbortController();
    const response = await fetch(`${server.url}api/v1/events`, { headers: auth, signal: stream.signal });
    const reading = readEventStream(response, (e) => events.push(JSON.parse(e.data) as { type: string; job?: Job }), stream.signal);

    const body = randomBytes(3_000_000);
    const upload = await fetch(`${server.url}api/v1/files/upload?path=${encodeURIComponent('/Inbox/scan 1.pdf')}`, {
      method: 'POST',
      headers: { ...auth, 'content-type': 'application/octet-stream' },
      body,
    });
    expect(upload.status).toBe(200);
    const job = (await upload.json()) as Job;
    await service.jobsIdle();
    expect(service.getJob(job.id)?.state).toBe('done');
    const listed = await service.listFiles({ folder: '/Inbox' });
    expect(listed.files.map((f) => f.name)).toEqual(['scan 1.pdf']);
    // Nothing is left in the staging folder once the file is in the grid.
    expect((await import('node:fs/promises')).readdir(path.join(dir, 'data', 'staging'))).resolves.toEqual([]);

    await expect.poll(() => events.some((e) => e.type === 'job' && e.job?.id === job.id && e.job.state === 'done')).toBe(true);
    expect(events.some((e) => e.type === 'job' && e.job?.id === job.id && e.job.state === 'running')).toBe(true);
    stream.abort();
    await reading;

    const ticketAnswer = await fetch(`${server.url}api/v1/files/download-ticket`, {
      method: 'POST',
      headers: { ...auth, 'content-type': 'application/json' },
      body: JSON.stringify({ path: '/Inbox/scan 1.pdf' }),
    });
    const { url } = (await ticketAnswer.json()) as { url: string };
    const download = await fetch(new URL(url, server.url));
    expect(download.status).toBe(200);
    expect(download.headers.get('content-disposition')).toBe("attachment; filename*=UTF-8''scan%201.pdf");
    expect(Buffer.from(await download.arrayBuffer()).equals(body)).toBe(true);
    // A ticket works once.
    expect((await fetch(new URL(url, server.url))).status).toBe(404);
  });

  it('refuses uploads, tickets and the event stream without the token, and bad paths before reading the body', async () => {
    expect((await fetch(`${server.url}api/v1/events`)).status).toBe(401);
    expect((await fetch(`${server.url}api/v1/files/upload?path=/x`, { method: 'POST', body: 'x' })).status).toBe(401);
    expect((await fetch(`${server.url}api/v1/files/download-ticket`, { method: 'POST', body: '{"path":"/x"}' })).status).toBe(401);
    const traversal = await fetch(`${server.url}api/v1/files/upload?path=${encodeURIComponent('/a/../../etc/passwd')}`, { method: 'POST', headers: auth, body: 'x' });
    expect(traversal.status).toBe(400);
    expect(((await traversal.json()) as { error: { message: string } }).error.message).toMatch(/\.\./);
    const missing = await fetch(`${server.url}api/v1/files/download-ticket`, { method: 'POST', headers: auth, body: '{"path":"/no/such/file"}' });
    expect(missing.status).toBe(404);
    expect((await fetch(`${server.url}api/v1/download/${'a'.repeat(32)}`)).status).toBe(404);
  });
});
