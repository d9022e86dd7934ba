/**
 * The tray's context menu as a template (pure, so its items are unit-tested;
 * tray.ts builds the Menu). The status line comes first because Linux tray
 * hosts rarely show tooltips.
 */
import type { MenuItemConstructorOptions } from 'electron';
import type { TrayStatus } from './grid-status';

export interface TrayMenuActions {
  openWindow(): void;
  setKeepRunningInTray(keep: boolean): void;
  quit(): void;
}

/**
 * The service has no pause operation yet (a `setPaused` operation is
 * requested); the item is shown disabled so the feature is visible and its
 * absence explained, rather than faked by refusing uploads in main.
 */
export const PAUSE_UNAVAILABLE = 'Pausing background work needs support in the RAIC service; it is not available yet.';

export function trayMenuTemplate(status: TrayStatus, keepRunningInTray: boolean, actions: TrayMenuActions): MenuItemConstructorOptions[] {
  return [
    { label: status.headline, enabled: false },
    { type: 'separator' },
    { label: 'Open RAIC', click: () => actions.openWindow() },
    { label: 'Pause background work', enabled: false, toolTip: PAUSE_UNAVAILABLE, sublabel: 'Not available yet' },
    {
      label: 'Keep running when the window is closed',
      type: 'checkbox',
      checked: keepRunningInTray,
      click: (item) => actions.setKeepRunningInTray(item.checked),
    },
    { type: 'separator' },
    { label: 'Quit RAIC', click: () => actions.quit() },
  ];
}

export function trayTooltip(status: TrayStatus): string {
  return `RAIC — ${status.headline}`;
}
