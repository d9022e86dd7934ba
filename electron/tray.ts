/**
 * The tray icon: the grid's status as icon colour and tooltip, and the menu
 * (open, pause, keep running, quit). Icons are drawn at start from the same
 * artwork as the app icon, at 1x and 2x, so nothing depends on files next to
 * the bundle.
 */
import { Menu, Tray, nativeImage, type NativeImage } from 'electron';
import type { StatusLevel, TrayStatus } from './grid-status';
import { trayMark } from './icons/art';
import { renderPng } from './icons/raster';
import { trayMenuTemplate, trayTooltip, type TrayMenuActions } from './tray-menu';

export interface StatusTray {
  setStatus(status: TrayStatus): void;
  setPaused(paused: boolean): void;
  /** Rebuilds the menu (after a setting changed). */
  refresh(): void;
  destroy(): void;
}

function trayImage(level: StatusLevel): NativeImage {
  const image = nativeImage.createEmpty();
  image.addRepresentation({ scaleFactor: 1, width: 16, height: 16, buffer: renderPng(trayMark(level), 16) });
  image.addRepresentation({ scaleFactor: 2, width: 32, height: 32, buffer: renderPng(trayMark(level), 32) });
  return image;
}

/** undefined when this desktop has no tray (then closing the window quits, see main.ts). */
export function createStatusTray(
  initial: TrayStatus,
  keepRunningInTray: () => boolean,
  actions: TrayMenuActions,
  log: (line: string) => void,
): StatusTray | undefined {
  const images = new Map<StatusLevel, NativeImage>();
  const imageFor = (level: StatusLevel) => {
    let image = images.get(level);
    if (!image) images.set(level, (image = trayImage(level)));
    return image;
  };
  let tray: Tray;
  try {
    tray = new Tray(imageFor(initial.level));
  } catch (error) {
    log(`raic: no tray icon on this desktop: ${String(error)}`);
    return undefined;
  }
  let status = initial;
  let paused = false;
  const refresh = () => {
    tray.setToolTip(`${trayTooltip(status)}${paused ? ' (paused)' : ''}`);
    tray.setContextMenu(Menu.buildFromTemplate(trayMenuTemplate(status, keepRunningInTray(), actions, paused)));
  };
  // Windows and Linux open the app on a click; macOS shows the menu, as menu bar items do.
  if (process.platform !== 'darwin') tray.on('click', () => actions.openWindow());
  refresh();
  return {
    setStatus(next) {
      if (next.level !== status.level) tray.setImage(imageFor(next.level));
      status = next;
      refresh();
    },
    setPaused(next) {
      paused = next;
      refresh();
    },
    refresh,
    destroy: () => tray.destroy(),
  };
}
