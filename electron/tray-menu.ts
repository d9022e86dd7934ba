/**
 * The tray's context menu as a template (pure, so its items are unit-tested;
 * tray.ts builds the Menu). The status line comes first because Linux tray
 * hosts rarely show tooltips.
 */
import type { MenuItemConstructorOptions } from 'electron';
import type { TrayStatus } from './grid-status';

export interface TrayMenuActions {
  openWindow(): void;
  setPaused(paused: boolean): void;
  setKeepRunningInTray(keep: boolean): void;
  quit(): void;
}

/** Pausing stops jobs (they resume later, nothing is cancelled) and the health monitor, through the service's setPaused. */
export function trayMenuTemplate(status: TrayStatus, keepRunningInTray: boolean, actions: TrayMenuActions, paused = false): MenuItemConstructorOptions[] {
  return [
    { label: status.headline, enabled: false },
    { type: 'separator' },
    { label: 'Open RAIC', click: () => actions.openWindow() },
    { label: paused ? 'Resume background work' : 'Pause background work', click: () => actions.setPaused(!paused) },
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
