import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { DEFAULT_DESKTOP_SETTINGS, loadDesktopSettings, parseDesktopSettings, saveDesktopSettings } from './desktop-settings';

const dirs: string[] = [];
const tempDir = async () => {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'raic-desktop-'));
  dirs.push(dir);
  return dir;
};
afterEach(async () => {
  await Promise.all(dirs.splice(0).map((d) => rm(d, { recursive: true, force: true })));
});

describe('desktop settings (desktop.json)', () => {
  it('keeps RAIC running in the tray by default and ignores unknown or mistyped fields', () => {
    expect(DEFAULT_DESKTOP_SETTINGS.keepRunningInTray).toBe(true);
    expect(parseDesktopSettings(undefined)).toEqual({ keepRunningInTray: true });
    expect(parseDesktopSettings({ keepRunningInTray: 'no', theme: 'dark' })).toEqual({ keepRunningInTray: true });
    expect(parseDesktopSettings({ keepRunningInTray: false })).toEqual({ keepRunningInTray: false });
  });

  it('saves and loads, and survives a missing or broken file', async () => {
    const dir = await tempDir();
    const log = vi.fn();
    expect(await loadDesktopSettings(dir, log)).toEqual({ keepRunningInTray: true });
    await saveDesktopSettings(dir, { keepRunningInTray: false });
    expect(JSON.parse(await readFile(path.join(dir, 'desktop.json'), 'utf8'))).toEqual({ keepRunningInTray: false });
    expect(await loadDesktopSettings(dir, log)).toEqual({ keepRunningInTray: false });
    await writeFile(path.join(dir, 'desktop.json'), '{ half');
    expect(await loadDesktopSettings(dir, log)).toEqual({ keepRunningInTray: true });
    expect(log).toHaveBeenCalledTimes(1);
  });
});
