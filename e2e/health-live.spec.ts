/**
 * Live health and uploads that never wait for every account (issue 20,
 * items 1 and 2), on a real `raic serve` with a real WebDAV server (rclone)
 * beside the five local folders, its password in a real keychain:
 *
 * - the WebDAV server stops: the header, the dashboard and the Health screen
 *   say Degraded within the probe interval, nobody pressing anything; it
 *   starts again: Healthy again;
 * - a file uploaded while the WebDAV server is down is stored at once, and
 *   repaired onto the WebDAV account when it comes back.
 *
 * The probe interval is the shortest the settings allow (5 s), with real
 * timers. Takes the live-health screenshots for the docs.
 */
import { randomBytes } from 'node:crypto';
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { expect, test, type Page } from '@playwright/test';
import { openScreen, putThroughServer, startRaicServe, type RunningRaic } from './headless-server';
import { startRcloneServer, type RcloneServer } from '../scripts/servers/rclone-server';
import { startSecretService, type SecretService } from '../scripts/servers/secret-service';

const PROBE_INTERVAL_MS = 5_000;
/** A probe every 5 s, each bounded by the 10 s probe timeout, plus the page's reload throttle. */
const WITHIN_PROBES = { timeout: 3 * PROBE_INTERVAL_MS + 10_000 };

let keyring: SecretService;
let webdav: RcloneServer;
let raic: RunningRaic;

test.beforeAll(async () => {
  keyring = await startSecretService();
  webdav = await startRcloneServer('webdav');
  await mkdir(path.join(webdav.dataDir, 'raic'));
  raic = await startRaicServe({ skipSetup: true, env: { ...keyring.env } });
  await raic.call('POST', '/api/v1/accounts/add', { provider: 'webdav', name: 'Home WebDAV', url: `${webdav.url}/raic/`, username: webdav.user, password: webdav.password });
  // Six accounts: every file gets one share on each, and an upload needs five of them (happy one below n).
  await raic.call('POST', '/api/v1/encoding', { encoding: { needed: 3, happy: 5, total: 6 } });
  await raic.call('POST', '/api/v1/monitor', { accountProbeIntervalMs: PROBE_INTERVAL_MS });
});

test.afterAll(async () => {
  await raic?.stop();
  await webdav?.stop();
  await keyring?.stop();
});

async function put(name: string): Promise<void> {
  const file = path.join(raic.dataDir, name);
  await writeFile(file, randomBytes(300 * 1024));
  await putThroughServer(raic, file, `/${name}`);
}

function headerHealth(page: Page) {
  return page.getByLabel('Grid health').getByTestId('health-badge');
}

function webdavRow(page: Page) {
  return page.getByTestId('account-status-row').filter({ hasText: 'Home WebDAV' });
}

test('WebDAV stopping and starting again shows as Degraded and Healthy without pressing anything', async ({ page }) => {
  await put('letter.pdf');
  await put('holiday.jpg');
  await openScreen(page, raic, 'dashboard');
  // Never checked by a pass, yet counted from where their shares are: not "0 healthy".
  await expect(headerHealth(page)).toHaveText('Healthy', WITHIN_PROBES);
  await expect(page.getByTestId('grid-health-state')).toHaveText('Healthy');
  await expect(page.getByLabel('Files by health')).toContainText('2 healthy');

  await webdav.kill();
  await expect(headerHealth(page)).toHaveText('Degraded', WITHIN_PROBES);
  await expect(page.getByTestId('grid-health-state')).toHaveText('Degraded');
  await expect(page.getByLabel('Files by health')).toContainText('2 degraded');
  await expect(page.getByText('account "Home WebDAV" is offline').first()).toBeVisible();
  await page.screenshot({ path: 'docs/screenshots/dashboard-live-degraded.png', fullPage: true });

  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Health', exact: true }).click();
  await expect(webdavRow(page)).toContainText('Offline');
  await expect(headerHealth(page)).toHaveText('Degraded');
  await page.screenshot({ path: 'docs/screenshots/health-live-degraded.png', fullPage: true });

  // The file list says the same of each file.
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Files', exact: true }).click();
  const letterRow = page.getByTestId('file-row').filter({ has: page.getByRole('button', { name: 'letter.pdf', exact: true }) });
  await expect(letterRow.getByTestId('health-badge')).toHaveText('Degraded');

  // The same state without a page: the API the tray and `raic status` read.
  const status = await raic.call<{ health: string }>('GET', '/api/v1/status');
  expect(status.health).toBe('degraded');

  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Health', exact: true }).click();
  await webdav.restart();
  await expect(headerHealth(page)).toHaveText('Healthy', WITHIN_PROBES);
  await expect(webdavRow(page)).toContainText('Online');
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Dashboard', exact: true }).click();
  await expect(page.getByTestId('grid-health-state')).toHaveText('Healthy');
  await expect(page.getByLabel('Files by health')).toContainText('2 healthy');
});

test('a file uploaded while WebDAV is down is stored at once and repaired onto it when it is back', async ({ page }) => {
  await openScreen(page, raic, 'health');
  await webdav.kill();
  await expect(webdavRow(page)).toContainText('Offline', WITHIN_PROBES);

  // Stored with five of six accounts answering: happiness 5 is met.
  await put('while-away.txt');
  const placed = await raic.call<{ placements?: unknown; shares?: unknown }>('POST', '/api/v1/files/get', { path: '/while-away.txt' });
  expect(JSON.stringify(placed)).not.toContain('Home WebDAV');

  await webdav.restart();
  await expect(webdavRow(page)).toContainText('Online', WITHIN_PROBES);
  const repaired = page.getByTestId('health-event').and(page.locator('[data-kind="repair-done"]')).filter({ hasText: '/while-away.txt' });
  await expect(repaired).toHaveCount(1, { timeout: 30_000 });
  const after = await raic.call<{ placements?: unknown }>('POST', '/api/v1/files/get', { path: '/while-away.txt' });
  expect(JSON.stringify(after)).toContain('Home WebDAV');
  await expect(headerHealth(page)).toHaveText('Healthy');
  await page.screenshot({ path: 'docs/screenshots/health-live-repaired.png', fullPage: true });
});

test('the page says so when RAIC itself stops answering, and keeps what it showed', async ({ page }) => {
  await openScreen(page, raic, 'dashboard');
  await expect(headerHealth(page)).toHaveText('Healthy', WITHIN_PROBES);
  // What the dashboard shows before RAIC stops (the header's badge can come before the dashboard's own card).
  await expect(page.getByTestId('grid-health-state')).toBeVisible();
  await expect(page.getByTestId('connection-banner')).toHaveCount(0);
  await raic.stop();
  const banner = page.getByTestId('connection-banner');
  await expect(banner).toContainText('RAIC is not answering.', { timeout: 15_000 });
  await expect(banner).toContainText('reconnects by itself');
  // The screens stay, with the banner above them, rather than an error in their place.
  await expect(page.getByTestId('grid-health-state')).toBeVisible();
  await page.screenshot({ path: 'docs/screenshots/connection-banner.png' });
});
