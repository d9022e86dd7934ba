/**
 * Electron main process: one window on the built UI (served from the app://
 * protocol, never a dev server or remote URL), the grid service in-process,
 * and one validated IPC channel per API operation.
 */
import { app, BrowserWindow, ipcMain, protocol, session, net } from 'electron';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { EVENT_CHANNEL, OPERATION_NAMES, ipcChannel } from '../shared/operations';
import { ApiError } from '../shared/api';
import { dispatch } from '../service/dispatch';
import { RaicService } from '../service/raic-service';
import { resolveDataDir } from '../service/data-dir';
import { APP_CONTENT_SECURITY_POLICY, APP_ORIGIN, APP_SCHEME, isAppUrl, secureWebPreferences } from './security';

const UI_DIR = path.join(__dirname, '..', 'renderer');
const log = (line: string) => process.stderr.write(`${line}\n`);

protocol.registerSchemesAsPrivileged([{ scheme: APP_SCHEME, privileges: { standard: true, secure: true, supportFetchAPI: true } }]);

if (!app.requestSingleInstanceLock()) {
  app.quit();
} else {
  app.on('second-instance', () => {
    const [window] = BrowserWindow.getAllWindows();
    if (window) {
      if (window.isMinimized()) window.restore();
      window.focus();
    }
  });
  app.whenReady().then(start, (error: unknown) => {
    log(`raic: the desktop app could not start: ${String(error)}`);
    app.exit(1);
  });
  app.on('window-all-closed', () => app.quit());
}

async function start(): Promise<void> {
  serveAppProtocol();
  lockDownSessions();
  const dataDirArg = process.argv.find((a) => a.startsWith('--data-dir='))?.slice('--data-dir='.length);
  const service = await RaicService.open(resolveDataDir(dataDirArg), { log });
  service.startBackground();
  let closing = false;
  app.on('before-quit', (event) => {
    if (closing) return;
    // Stops jobs so they resume at the next start, and flushes the catalog backup, before the process ends.
    event.preventDefault();
    closing = true;
    void service.close().finally(() => app.quit());
  });
  for (const operation of OPERATION_NAMES) {
    ipcMain.handle(ipcChannel(operation), (event, input: unknown) => {
      if (!event.senderFrame || !isAppUrl(event.senderFrame.url)) {
        return { ok: false, ...new ApiError('unauthorized', 'IPC from a page that is not RAIC was refused.').toBody() };
      }
      return dispatch(service, operation, input, log);
    });
  }
  const window = new BrowserWindow({
    width: 1200,
    height: 800,
    minWidth: 1024,
    minHeight: 700,
    show: false,
    title: 'RAIC',
    webPreferences: secureWebPreferences(path.join(__dirname, 'preload.cjs')),
  });
  window.once('ready-to-show', () => window.show());
  const unsubscribe = service.events.subscribe((event) => {
    if (!window.isDestroyed()) window.webContents.send(EVENT_CHANNEL, event);
  });
  window.on('closed', unsubscribe);
  await window.loadURL(`${APP_ORIGIN}/index.html`);
}

/** Serves dist/renderer under app://raic/ with the strict CSP; nothing outside that folder. */
function serveAppProtocol(): void {
  protocol.handle(APP_SCHEME, async (request) => {
    const url = new URL(request.url);
    const file = path.resolve(UI_DIR, `.${decodeURIComponent(url.pathname)}`);
    if (url.host !== 'raic' || (file !== UI_DIR && !file.startsWith(UI_DIR + path.sep))) {
      return new Response('not found', { status: 404 });
    }
    const response = await net.fetch(pathToFileURL(file).href);
    const headers = new Headers(response.headers);
    headers.set('Content-Security-Policy', APP_CONTENT_SECURITY_POLICY);
    headers.set('X-Content-Type-Options', 'nosniff');
    return new Response(response.body, { status: response.status, headers });
  });
}

/** No permissions, no navigation away, no new windows, for every web contents. */
function lockDownSessions(): void {
  session.defaultSession.setPermissionRequestHandler((_contents, _permission, callback) => callback(false));
  session.defaultSession.setPermissionCheckHandler(() => false);
  app.on('web-contents-created', (_event, contents) => {
    contents.on('will-navigate', (event, url) => {
      if (!isAppUrl(url)) event.preventDefault();
    });
    contents.on('will-redirect', (event, url) => {
      if (!isAppUrl(url)) event.preventDefault();
    });
    contents.on('will-attach-webview', (event) => event.preventDefault());
    contents.setWindowOpenHandler(() => ({ action: 'deny' }));
  });
}
