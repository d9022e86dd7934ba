/**
 * The desktop shell's own settings, in `<userData>/desktop.json` (the grid's
 * settings live in the data dir; these only concern the window and tray).
 * Unknown or broken content falls back to the defaults rather than stopping
 * the app from starting.
 */
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { writeFileAtomic } from '../service/atomic-file';

export interface DesktopSettings {
  /** Closing the window hides it; RAIC keeps working from the tray until Quit. */
  keepRunningInTray: boolean;
}

export const DEFAULT_DESKTOP_SETTINGS: DesktopSettings = { keepRunningInTray: true };

export const DESKTOP_SETTINGS_FILE = 'desktop.json';

export function parseDesktopSettings(raw: unknown): DesktopSettings {
  const value = typeof raw === 'object' && raw !== null ? (raw as Record<string, unknown>) : {};
  return {
    keepRunningInTray: typeof value.keepRunningInTray === 'boolean' ? value.keepRunningInTray : DEFAULT_DESKTOP_SETTINGS.keepRunningInTray,
  };
}

export async function loadDesktopSettings(userDataDir: string, log: (line: string) => void): Promise<DesktopSettings> {
  const file = path.join(userDataDir, DESKTOP_SETTINGS_FILE);
  let text: string;
  try {
    text = await fs.readFile(file, 'utf8');
  } catch {
    return { ...DEFAULT_DESKTOP_SETTINGS };
  }
  try {
    return parseDesktopSettings(JSON.parse(text));
  } catch {
    log(`raic: ${file} is not valid JSON; using the default desktop settings`);
    return { ...DEFAULT_DESKTOP_SETTINGS };
  }
}

/** Atomic, so a crash while saving never leaves half a file. */
export async function saveDesktopSettings(userDataDir: string, settings: DesktopSettings): Promise<void> {
  await writeFileAtomic(path.join(userDataDir, DESKTOP_SETTINGS_FILE), `${JSON.stringify(settings, null, 2)}\n`);
}
