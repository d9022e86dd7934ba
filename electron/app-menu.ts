/**
 * The application menu as a template (pure, unit-tested; main.ts builds the
 * Menu). Electron's default menu offers DevTools and reload to anyone; a
 * release build (app.isPackaged) offers neither, a development run keeps them.
 * The Edit menu stays everywhere: on macOS it is what makes the copy and paste
 * shortcuts work in text fields.
 */
import type { MenuItemConstructorOptions } from 'electron';

export interface AppMenuOptions {
  platform: NodeJS.Platform;
  /** app.isPackaged: a release build, not `npm start`. */
  isPackaged: boolean;
}

export function appMenuTemplate({ platform, isPackaged }: AppMenuOptions): MenuItemConstructorOptions[] {
  const view: MenuItemConstructorOptions[] = [
    ...(isPackaged ? [] : [{ role: 'reload' }, { role: 'forceReload' }, { role: 'toggleDevTools' }, { type: 'separator' }] satisfies MenuItemConstructorOptions[]),
    { role: 'resetZoom' },
    { role: 'zoomIn' },
    { role: 'zoomOut' },
    { type: 'separator' },
    { role: 'togglefullscreen' },
  ];
  return [
    // macOS names the first menu after the app (About, Hide, Quit); elsewhere Quit sits in File.
    platform === 'darwin' ? { role: 'appMenu' } : { label: 'File', submenu: [{ role: 'quit', label: 'Quit RAIC' }] },
    { role: 'editMenu' },
    { label: 'View', submenu: view },
    { role: 'windowMenu' },
  ];
}
