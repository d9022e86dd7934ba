/**
 * The desktop app itself, driven through Playwright's Electron support. Runs
 * only where Electron's binary is installed and a display exists (xvfb-run on
 * Linux); elsewhere each test is skipped with the reason. The app runs from
 * the built bundle (`npm run build` first) with its own data dir and its own
 * userData (desktop.json, single-instance lock), so a RAIC the developer is
 * running is not touched.
 */
import { existsSync, readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { _electron as electron, expect, test, type ElectronApplication, type Page } from '@playwright/test';
import { planTray } from '../electron/tray-host';

function electronBinary(): string | undefined {
  const dir = path.join('node_modules', 'electron');
  const pathFile = path.join(dir, 'path.txt');
  if (!existsSync(pathFile)) return undefined;
  const binary = path.join(dir, 'dist', readFileSync(pathFile, 'utf8').trim());
  return existsSync(binary) ? path.resolve(binary) : undefined;
}

const binary = electronBinary();
const hasDisplay = process.platform !== 'linux' || Boolean(process.env.DISPLAY || process.env.WAYLAND_DISPLAY);
const built = existsSync(path.join('dist', 'electron', 'main.cjs'));
const NO_BINARY = "Electron's binary is not installed on this machine (it cannot be downloaded here); the desktop test runs where it is.";
const NO_DISPLAY = 'No display: run under xvfb-run to drive the Electron window.';
const NOT_BUILT = 'dist/electron/main.cjs is missing: run `npm run build` first.';

type Bridge = Record<string, (input: unknown) => Promise<{ ok: boolean; value?: unknown }>>;

test.describe('desktop app (Electron)', () => {
  test.skip(!binary, NO_BINARY);
  test.skip(!hasDisplay, NO_DISPLAY);
  test.skip(!built, NOT_BUILT);

  let root: string;
  let app: ElectronApplication;
  let window: Page;

  test.beforeEach(async () => {
    root = await mkdtemp(path.join(os.tmpdir(), 'raic-electron-'));
    app = await electron.launch({
      executablePath: binary!,
      args: ['dist/electron/main.cjs', `--data-dir=${path.join(root, 'grid')}`, `--user-data-dir=${path.join(root, 'user')}`],
    });
    window = await app.firstWindow();
    // The first window can exist before its preload has exposed the bridge.
    await window.waitForFunction(() => 'raicBridge' in globalThis && 'raicDesktop' in globalThis);
  });

  test.afterEach(async () => {
    // Without a tray host the app quits when its window closes (see the last test): already closed is fine.
    await app.close().catch(() => undefined);
    await rm(root, { recursive: true, force: true });
  });

  test('finishes first-run setup and shows the default grid of 5 local accounts', async () => {
    // The wizard has its own e2e (headless); here the API call through the real bridge is enough.
    const setup = await window.evaluate(() => (globalThis as unknown as { raicBridge: Bridge }).raicBridge.completeSetup!({}));
    expect(setup).toMatchObject({ ok: true });
    await window.reload();
    await expect(window.getByTestId('account-card')).toHaveCount(5);
    const url = await app.evaluate(({ BrowserWindow }) => BrowserWindow.getAllWindows()[0]!.webContents.getURL());
    expect(url.startsWith('app://raic/')).toBe(true);
  });

  test('the page is isolated: the bridge, and no Node.js or raw IPC', async () => {
    const page = await window.evaluate(() => ({
      require: typeof (globalThis as { require?: unknown }).require,
      process: typeof (globalThis as { process?: unknown }).process,
      bridge: Object.keys((globalThis as { raicBridge?: object }).raicBridge ?? {}),
      desktop: Object.keys((globalThis as { raicDesktop?: object }).raicDesktop ?? {}).sort(),
    }));
    expect(page.require).toBe('undefined');
    expect(page.process).toBe('undefined');
    expect(page.bridge).toEqual(expect.arrayContaining(['getStatus', 'getHealth', 'uploadPaths', 'completeSetup']));
    expect(page.desktop).toEqual(['chooseSavePath', 'onEvent', 'pathForFile']);
    // Invalid input is refused in main before it reaches the service.
    const invalid = await window.evaluate(() => (globalThis as unknown as { raicBridge: Bridge }).raicBridge.getStatus!({ unexpected: 1 }));
    expect(invalid).toMatchObject({ ok: false, error: { code: 'invalid_input' } });
  });

  test('navigation away from the app is blocked', async () => {
    await window.evaluate(() => {
      globalThis.location.href = 'https://example.com/';
    });
    await window.waitForTimeout(500);
    expect(window.url().startsWith('app://raic/')).toBe(true);
  });

  test('the service runs in a utility process, not in main', async () => {
    test.skip(!existsSync(path.join('dist', 'electron', 'service-host.cjs')), 'dist/electron/service-host.cjs is not built: the app falls back to the service in main.');
    // utilityProcess.fork's `serviceName` becomes ProcessMetric.name; ProcessMetric.serviceName is Chromium's (node.mojom.NodeService).
    const processes = await app.evaluate(({ app: electronApp }) => electronApp.getAppMetrics().map((m) => ({ type: m.type, name: m.name ?? '' })));
    expect(processes).toContainEqual(expect.objectContaining({ type: 'Utility', name: 'RAIC service' }));
  });

  test('writes its log file inside the test profile', async () => {
    const logFile = path.join(root, 'user', 'logs', 'raic.log');
    await expect.poll(() => existsSync(logFile)).toBe(true);
    expect(readFileSync(logFile, 'utf8')).toMatch(/\[main\] raic: RAIC \S+ starting/);
  });

  test('closing the window keeps RAIC running in the tray, or quits where the desktop shows no tray', async () => {
    if (!(await planTray()).createTray) {
      // Linux without a StatusNotifierWatcher (xvfb, GNOME without AppIndicator): hiding would make RAIC vanish.
      const closed = app.waitForEvent('close');
      await app.evaluate(({ BrowserWindow }) => BrowserWindow.getAllWindows()[0]!.close());
      await closed;
      return;
    }
    await app.evaluate(({ BrowserWindow }) => BrowserWindow.getAllWindows()[0]!.close());
    await window.waitForTimeout(300);
    const state = await app.evaluate(({ BrowserWindow }) => BrowserWindow.getAllWindows().map((w) => ({ visible: w.isVisible(), destroyed: w.isDestroyed() })));
    expect(state).toEqual([{ visible: false, destroyed: false }]);
    // Still answering: the service did not stop with the window.
    const status = await window.evaluate(() => (globalThis as unknown as { raicBridge: Bridge }).raicBridge.getStatus!({}));
    expect(status).toMatchObject({ ok: true });
  });
});
