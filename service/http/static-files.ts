import { promises as fs } from 'node:fs';
import path from 'node:path';
import type { ServerResponse } from 'node:http';

const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.json': 'application/json; charset=utf-8',
  '.woff2': 'font/woff2',
};

/**
 * Serves the built React UI. Paths are resolved inside `root` only; unknown
 * paths fall back to index.html so the UI's own routes survive a reload.
 */
export async function serveStatic(root: string, urlPath: string, res: ServerResponse): Promise<void> {
  let relative: string;
  try {
    relative = decodeURIComponent(urlPath);
  } catch {
    res.writeHead(400).end('bad path');
    return;
  }
  const resolvedRoot = path.resolve(root);
  let file = path.resolve(resolvedRoot, `.${relative}`);
  if (file !== resolvedRoot && !file.startsWith(resolvedRoot + path.sep)) {
    res.writeHead(404).end('not found');
    return;
  }
  const stat = await fs.stat(file).catch(() => undefined);
  if (!stat?.isFile()) file = path.join(resolvedRoot, 'index.html');
  let body: Buffer;
  try {
    body = await fs.readFile(file);
  } catch {
    res
      .writeHead(503, { 'Content-Type': 'text/plain; charset=utf-8' })
      .end('The RAIC user interface has not been built; run `npm run build` and start again.');
    return;
  }
  const immutableAsset = file.includes(`${path.sep}assets${path.sep}`);
  res.writeHead(200, {
    'Content-Type': CONTENT_TYPES[path.extname(file)] ?? 'application/octet-stream',
    'Cache-Control': immutableAsset ? 'public, max-age=31536000, immutable' : 'no-cache',
  });
  res.end(body);
}
