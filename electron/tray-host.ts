/**
 * Whether this desktop shows tray icons. On Linux `new Tray` succeeds even
 * where nothing will display it (GNOME without the AppIndicator extension), so
 * hiding the window on close would make RAIC vanish with no way back but a
 * second launch. Electron's Linux tray is a StatusNotifierItem, shown only
 * when a StatusNotifierWatcher owns its name on the session bus: that is
 * asked, and any doubt (no bus, no tool to ask with, a slow answer) counts as
 * "no tray host". macOS and Windows always have one. No Electron import: the
 * e2e test asks the same question.
 */
import { execFile } from 'node:child_process';

export const STATUS_NOTIFIER_WATCHER = 'org.kde.StatusNotifierWatcher';
const PROBE_TIMEOUT_MS = 1500;

/** What a probe of the session bus found: yes, no, or no answer. */
export type WatcherProbe = 'present' | 'absent' | 'unknown';

export interface TrayPlan {
  /** Create the tray icon at all. */
  createTray: boolean;
  /** Why there is none (logged), when there is none. */
  reason?: string;
}

/** The decision, apart from how the bus was asked (unit-tested). */
export function trayPlan(platform: NodeJS.Platform, watcher: WatcherProbe): TrayPlan {
  if (platform !== 'linux') return { createTray: true };
  if (watcher === 'present') return { createTray: true };
  return {
    createTray: false,
    reason:
      watcher === 'absent'
        ? 'no tray host on this desktop (no StatusNotifierWatcher on the session bus; on GNOME, the AppIndicator extension adds one): closing the window quits RAIC'
        : 'could not tell whether this desktop shows tray icons (no answer from the session bus): closing the window quits RAIC',
  };
}

/** Reads a `NameHasOwner` reply from dbus-send (`boolean true`) or gdbus (`(true,)`). */
export function parseNameHasOwner(output: string): WatcherProbe {
  if (/\btrue\b/.test(output)) return 'present';
  if (/\bfalse\b/.test(output)) return 'absent';
  return 'unknown';
}

type Run = (command: string, args: string[]) => Promise<string>;

const runTool: Run = (command, args) =>
  new Promise((resolve, reject) => {
    execFile(command, args, { timeout: PROBE_TIMEOUT_MS, windowsHide: true }, (error, stdout) => (error ? reject(error) : resolve(stdout)));
  });

/**
 * Asks the session bus whether a StatusNotifierWatcher is there, with
 * dbus-send (the D-Bus package's own client) or else gdbus (GLib's).
 */
export async function probeStatusNotifierWatcher(run: Run = runTool): Promise<WatcherProbe> {
  const attempts: [string, string[]][] = [
    ['dbus-send', ['--session', '--print-reply', '--dest=org.freedesktop.DBus', '/org/freedesktop/DBus', 'org.freedesktop.DBus.NameHasOwner', `string:${STATUS_NOTIFIER_WATCHER}`]],
    ['gdbus', ['call', '--session', '--dest', 'org.freedesktop.DBus', '--object-path', '/org/freedesktop/DBus', '--method', 'org.freedesktop.DBus.NameHasOwner', STATUS_NOTIFIER_WATCHER]],
  ];
  for (const [command, args] of attempts) {
    try {
      const answer = parseNameHasOwner(await run(command, args));
      if (answer !== 'unknown') return answer;
    } catch {
      // Tool missing, no session bus, or too slow: try the next way of asking.
    }
  }
  return 'unknown';
}

/** The plan for this machine: only Linux asks the bus. */
export async function planTray(platform: NodeJS.Platform = process.platform, run?: Run): Promise<TrayPlan> {
  return trayPlan(platform, platform === 'linux' ? await probeStatusNotifierWatcher(run) : 'present');
}
