import { existsSync, readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { _electron as electron, expect, test } from '@playwright/test';

function electronBinary(): string | undefined {
  const dir = path.join('node_modules', 'electron');
  const pathFile = path.join(dir, 'path.txt');
  if (!existsSync(pathFile)) return undefined;
  const binary = path.join(dir, 'dist', readFileSync(pathFile, 'utf8').trim());
  return existsSync(binary) ? path.resolve(binary) : undefined;
}

const binary = electronBinary();
const hasDisplay = process.platform !== 'linux' || Boolean(process.env.DISPLAY || process.env.WAYLAND_DISPLAY);
const NO_BINARY = "Electron's binary is not installed on this machine (it cannot be downloaded here); the desktop test runs where it is.";
const NO_DISPLAY = 'No display: run under xvfb-run to drive the Electron window.';

test.describe('desktop app (Electron)', () => {
  test.skip(!binary, NO_BINARY);
  test.skip(!hasDisplay, NO_DISPLAY);

  test('opens a locked-down window showing the default grid', async () => {
    const dataDir = await mkdtemp(path.join(os.tmpdir(), 'raic-electron-'));
    const app = await electron.launch({ executablePath: binary!, args: ['.', `--data-dir=${dataDir}`] });
    try {
      const window = await app.firstWindow();
      await expect(window.getByTestId('account-card')).toHaveCount(5);
      const url = await app.evaluate(({ BrowserWindow }) => BrowserWindow.getAllWindows()[0]!.webContents.getURL());
      expect(url.startsWith('app://raic/')).toBe(true);
      // Sandboxed and isolated: the page has the bridge, and no Node.js or raw IPC.
      const page = await window.evaluate(() => ({
        require: typeof (globalThis as { require?: unknown }).require,
        process: typeof (globalThis as { process?: unknown }).process,
        bridge: Object.keys((globalThis as { raicBridge?: object }).raicBridge ?? {}).sort(),
      }));
      expect(page.require).toBe('undefined');
      expect(page.process).toBe('undefined');
      expect(page.bridge).toEqual(['addLocalAccount', 'getStatus', 'removeAccount']);
      // Navigation away from the app is blocked.
      await window.evaluate(() => {
        globalThis.location.href = 'https://example.com/';
      });
      await window.waitForTimeout(500);
      expect(window.url().startsWith('app://raic/')).toBe(true);
    } finally {
      await app.close();
      await rm(dataDir, { recursive: true, force: true });
    }
  });
});
