/**
 * Electron main process: the window (on the built UI, served from the app://
 * protocol, never a dev server or remote URL), the tray, notifications, and
 * one validated IPC channel per API operation. The grid service itself runs
 * in a utility process (service-host.ts), so a large upload never stalls the
 * window; main forwards each validated call to it and its events to the page.
 */
import { app, dialog, Menu, MessageChannelMain, protocol, session, net, shell, utilityProcess } from 'electron';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { EVENT_CHANNEL } from '../shared/operations';
import { resolveDataDir } from '../service/data-dir';
import { appMenuTemplate } from './app-menu';
import { loadDesktopSettings, saveDesktopSettings, type DesktopSettings } from './desktop-settings';
import { SERVICE_STOPPED, trayStatus } from './grid-status';
import { createHealthNotifier } from './health-notifier';
import { watchGridHealth } from './health-watch';
import { CONNECT_MESSAGE, argValue, dataDirArgument } from './host/host-protocol';
import { SupervisedHost, type ServiceHost } from './host/host-supervisor';
import { registerIpcHandlers } from './ipc';
import { failureDialogPlan } from './failure-dialog';
import { LOG_FILE_ARGUMENT, createFileLog, detailsInLog, logFileLocation, rotateLogFile } from './log-file';
import { MainWindow } from './main-window';
import { isPermissionAllowed } from './permissions';
import { APP_CONTENT_SECURITY_POLICY, APP_SCHEME, isAppUrl } from './security';
import { opensInSystemBrowser } from './sign-in-links';
import { APP_ID, startWhenReady } from './startup';
import { createStatusTray, type StatusTray } from './tray';
import { planTray } from './tray-host';

const UI_DIR = path.join(__dirname, '..', 'renderer');
const HOST_BUNDLE = path.join(__dirname, 'service-host.cjs');
/** How long Quit waits for the service to stop its jobs and flush the catalog backup. */
const SHUTDOWN_TIMEOUT_MS = 20_000;

protocol.registerSchemesAsPrivileged([{ scheme: APP_SCHEME, privileges: { standard: true, secure: true, supportFetchAPI: true } }]);

// A separate profile (tests, a second grid) also needs its own single-instance lock, which is keyed on userData.
const userDataDir = argValue(process.argv, '--user-data-dir');
if (userDataDir) app.setPath('userData', path.resolve(userDataDir));

// A launcher shows no stderr: main and the service host also append to this file, and failure messages name it.
const LOG_FILE = logFileLocation({
  userDataOverride: userDataDir ? path.resolve(userDataDir) : undefined,
  osLogsDir: () => {
    try {
      app.setAppLogsPath();
      return app.getPath('logs');
    } catch {
      return path.join(app.getPath('userData'), 'logs');
    }
  },
});
const log = createFileLog(LOG_FILE, 'main');

let mainWindow: MainWindow | undefined;

if (!app.requestSingleInstanceLock()) {
  app.quit();
} else {
  // Only the instance that runs moves an oversized log aside (a second launch just hands over and quits).
  rotateLogFile(LOG_FILE);
  log(`raic: RAIC ${app.getVersion()} starting (Electron ${process.versions.electron}, ${process.platform} ${process.arch})`);
  // A second launch (also the way back when the desktop shows no tray) brings the window up.
  app.on('second-instance', () => mainWindow?.show());
  // Windows: taskbar grouping and notifications under the installer's id, not Electron's.
  if (process.platform === 'win32') app.setAppUserModelId(APP_ID);
  void startWhenReady(app.whenReady(), start, (error: unknown) => {
    log(`raic: the desktop app could not start: ${String(error)}`);
    // Without a window nothing else would tell the user; showErrorBox works before and after 'ready'.
    dialog.showErrorBox('RAIC could not start', `${String(error)}\n\nThe ${detailsInLog(LOG_FILE)}.`);
    app.exit(1);
  });
  app.on('window-all-closed', () => app.quit());
}

async function start(): Promise<void> {
  // Replaces Electron's default menu, which offers DevTools in release builds.
  Menu.setApplicationMenu(Menu.buildFromTemplate(appMenuTemplate({ platform: process.platform, isPackaged: app.isPackaged })));
  serveAppProtocol();
  lockDownSessions();
  // On Linux a question to the session bus, asked while the settings load; answered before the
  // host starts, so no await separates the host's start from the subscriptions below (no event is missed).
  const trayPlanning = planTray();
  let settings = await loadDesktopSettings(app.getPath('userData'), log);
  const trayPlan = await trayPlanning;
  if (!trayPlan.createTray) log(`raic: ${trayPlan.reason ?? 'no tray icon'}`);
  const host = await startServiceHost(resolveDataDir(dataDirArgument(process.argv)));
  let quitting = false;
  quitAfterShutdown(host, () => (quitting = true));

  const window = new MainWindow({
    preloadPath: path.join(__dirname, 'preload.cjs'),
    // Without a tray there would be no way back to a hidden window: then closing quits.
    // (Only called on a close, after `tray` below exists.)
    hideOnClose: () => !quitting && settings.keepRunningInTray && tray !== undefined,
    log,
  });
  mainWindow = window;
  registerIpcHandlers(host, () => window.current);
  host.subscribe((event) => {
    window.send(EVENT_CHANNEL, event);
    if (event.type === 'paused') tray?.setPaused(event.paused === true);
  });

  const tray: StatusTray | undefined = !trayPlan.createTray ? undefined : createStatusTray(
    trayStatus('unknown'),
    () => settings.keepRunningInTray,
    {
      openWindow: () => window.show(),
      setPaused: (paused) => {
        void host.request('setPaused', { paused }).then((result) => {
          if (!result.ok) log(`raic: could not ${paused ? 'pause' : 'resume'}: ${result.error.message}`);
        });
      },
      setKeepRunningInTray: (keep) => {
        settings = { ...settings, keepRunningInTray: keep } satisfies DesktopSettings;
        tray?.refresh();
        saveDesktopSettings(app.getPath('userData'), settings).catch((error: unknown) => log(`raic: the desktop settings could not be saved: ${String(error)}`));
      },
      quit: () => app.quit(),
    },
    log,
  );
  const notify = createHealthNotifier(() => window.show('#/health'), log);
  watchGridHealth(
    host,
    {
      onHealth: (grid) => {
        tray?.setStatus(trayStatus(grid.status));
        notify(grid);
      },
      onServiceStopped: (message) => {
        tray?.setStatus(SERVICE_STOPPED);
        reportServiceStopped(message, window);
      },
    },
    { log },
  );
  app.on('activate', () => window.show());
  window.show();
}

/**
 * The service in a utility process when its bundle was built; otherwise (a
 * build without the service-host entry) in this process, which works but can
 * stall the window during heavy work.
 */
async function startServiceHost(dataDir: string): Promise<ServiceHost> {
  if (!existsSync(HOST_BUNDLE)) {
    log(`raic: ${HOST_BUNDLE} is missing; running the service in the main process`);
    const { openInProcessHost } = await import('./host/in-process-host');
    return openInProcessHost(dataDir, log);
  }
  const host = new SupervisedHost({
    launch: () => {
      const args = [`--data-dir=${dataDir}`, `${LOG_FILE_ARGUMENT}=${LOG_FILE}`];
      const child = utilityProcess.fork(HOST_BUNDLE, args, { serviceName: 'RAIC service', stdio: 'inherit' });
      // Without a listener, an 'error' event (a fatal V8 error in the host) would throw in main; 'exit' follows it.
      child.on('error', (type, location) => log(`raic: the service host failed (${type} at ${location})`));
      const { port1, port2 } = new MessageChannelMain();
      child.postMessage(CONNECT_MESSAGE, [port2]);
      return { child, port: port1 };
    },
    log,
    logFile: LOG_FILE,
  });
  host.start();
  return host;
}

/**
 * The host stopped for good: every call now fails, so say it once where the
 * user looks, not only in each failed screen (and offer the way out).
 */
function reportServiceStopped(message: string, window: MainWindow): void {
  const options: Electron.MessageBoxOptions = {
    type: 'error',
    title: 'RAIC',
    message: "RAIC's background service stopped",
    detail: message,
    buttons: ['Quit RAIC', 'Close'],
    defaultId: 0,
    cancelId: 1,
  };
  // A dialog attached to a window hidden in the tray would not be seen (on macOS, a sheet on a hidden window).
  const owner = window.current;
  const plan = failureDialogPlan(owner ? { visible: owner.isVisible(), minimized: owner.isMinimized() } : undefined);
  if (plan.kind === 'attached' && plan.showWindowFirst) window.show();
  void (owner && plan.kind === 'attached' ? dialog.showMessageBox(owner, options) : dialog.showMessageBox(options)).then(({ response }) => {
    if (response === 0) app.quit();
  });
}

/**
 * Quit really quits, but first the service stops its jobs (they resume at
 * the next start) and flushes the catalog backup, within SHUTDOWN_TIMEOUT_MS.
 */
function quitAfterShutdown(host: ServiceHost, onQuitting: () => void): void {
  let shutdown: Promise<void> | undefined;
  let done = false;
  app.on('before-quit', (event) => {
    onQuitting();
    if (done) return;
    event.preventDefault();
    shutdown ??= host.shutdown(SHUTDOWN_TIMEOUT_MS).finally(() => {
      done = true;
      app.quit();
    });
  });
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

/**
 * Only clipboard writes from the app itself (permissions.ts); no navigation
 * away, no new windows, for every web contents. The one link that leaves the
 * app is rclone's sign-in page, opened in the system browser (sign-in-links.ts).
 */
function lockDownSessions(): void {
  session.defaultSession.setPermissionRequestHandler((_contents, permission, callback, details) => callback(isPermissionAllowed(permission, details.requestingUrl)));
  session.defaultSession.setPermissionCheckHandler((_contents, permission, requestingOrigin) => isPermissionAllowed(permission, requestingOrigin));
  app.on('web-contents-created', (_event, contents) => {
    contents.on('will-navigate', (event, url) => {
      if (!isAppUrl(url)) event.preventDefault();
    });
    contents.on('will-redirect', (event, url) => {
      if (!isAppUrl(url)) event.preventDefault();
    });
    contents.on('will-attach-webview', (event) => event.preventDefault());
    contents.setWindowOpenHandler(({ url }) => {
      // Never a new app window; rclone's sign-in page alone goes to the system browser (the page also shows the address to copy).
      if (opensInSystemBrowser(url, contents.getURL())) shell.openExternal(url).catch(() => undefined);
      return { action: 'deny' };
    });
  });
}
