/**
 * The one RAIC window: created on demand, hidden rather than closed while RAIC
 * keeps running in the tray, shown again (optionally on a given screen) by the
 * tray, a notification, a second launch or the macOS dock.
 */
import { BrowserWindow, nativeImage } from 'electron';
import { APP_MARK } from './icons/art';
import { renderPng } from './icons/raster';
import { APP_ORIGIN, secureWebPreferences } from './security';

export interface MainWindowOptions {
  preloadPath: string;
  /** True while closing the window should only hide it. */
  hideOnClose: () => boolean;
  log: (line: string) => void;
}

export class MainWindow {
  private window: BrowserWindow | undefined;

  constructor(private readonly options: MainWindowOptions) {}

  get current(): BrowserWindow | undefined {
    return this.window && !this.window.isDestroyed() ? this.window : undefined;
  }

  /** Shows the window, creating it if needed; `hash` (e.g. '#/health') selects a screen. */
  show(hash = ''): void {
    const existing = this.current;
    if (!existing) {
      this.create(hash);
      return;
    }
    // Same document, new fragment: the page switches screens without reloading.
    if (hash) void existing.loadURL(`${APP_ORIGIN}/index.html${hash}`).catch((error: unknown) => this.options.log(`raic: ${String(error)}`));
    if (existing.isMinimized()) existing.restore();
    existing.show();
    existing.focus();
  }

  send(channel: string, payload: unknown): void {
    this.current?.webContents.send(channel, payload);
  }

  private create(hash: string): void {
    const window = new BrowserWindow({
      width: 1200,
      height: 800,
      minWidth: 1024,
      minHeight: 700,
      show: false,
      title: 'RAIC',
      // Windows and macOS take the icon from the executable; Linux needs it for the window and task switcher.
      ...(process.platform === 'linux' ? { icon: nativeImage.createFromBuffer(renderPng(APP_MARK, 128)) } : {}),
      webPreferences: secureWebPreferences(this.options.preloadPath),
    });
    this.window = window;
    window.once('ready-to-show', () => window.show());
    window.on('close', (event) => {
      if (!this.options.hideOnClose()) return;
      event.preventDefault();
      window.hide();
    });
    window.on('closed', () => {
      if (this.window === window) this.window = undefined;
    });
    window.loadURL(`${APP_ORIGIN}/index.html${hash}`).catch((error: unknown) => this.options.log(`raic: the window could not load the UI: ${String(error)}`));
  }
}
