/**
 * The health screen on a real `raic serve`: an account disappears (its
 * folder renamed away), "Check all files now" runs a pass, and the history
 * shows the account going offline and the files degrading; the filters
 * narrow the list. Also takes the health screenshot for the docs.
 */
import { randomBytes } from 'node:crypto';
import { renameSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { expect, test } from '@playwright/test';
import { openScreen, putThroughServer, startRaicServe, type RunningRaic } from './headless-server';

let raic: RunningRaic;
test.beforeAll(async () => {
  raic = await startRaicServe({ skipSetup: true });
});
test.afterAll(async () => {
  await raic?.stop();
});

async function put(name: string, to: string): Promise<void> {
  const file = path.join(raic.dataDir, name);
  writeFileSync(file, randomBytes(256 * 1024));
  await putThroughServer(raic, file, to);
}

test('the history shows an account going offline and files degrading, and the filters narrow it', async ({ page }) => {
  await put('notes.txt', '/notes.txt');
  await put('scan.pdf', '/Papers/scan.pdf');
  const consoleErrors: string[] = [];
  page.on('console', (message) => {
    if (message.type() === 'error') consoleErrors.push(message.text());
  });
  await openScreen(page, raic, 'health');
  await expect(page.getByRole('heading', { name: 'Health', exact: true, level: 2 })).toBeVisible();
  await expect(page.getByText('No events yet')).toBeVisible();
  await expect(page.getByText('RAIC checks your accounts every minute and your files every few hours.')).toBeVisible();
  const rows = page.getByTestId('account-status-row');
  await expect(rows).toHaveCount(5);
  await expect(rows.filter({ hasText: 'Local folder 2' })).toContainText('Online');

  renameSync(path.join(raic.dataDir, 'local-storage', 'folder-2'), path.join(raic.dataDir, 'local-storage', 'folder-2-away'));
  await page.getByRole('button', { name: 'Check all files now' }).click();
  await expect(page.getByTestId('pass-report')).toContainText('2 files checked');

  const events = page.getByTestId('health-event');
  const offline = events.and(page.locator('[data-kind="account-offline"]'));
  await expect(offline).toHaveCount(1);
  await expect(offline).toContainText('Local folder 2');
  await expect(offline).toContainText('Problem');
  await expect(events.and(page.locator('[data-kind="file-health"]'))).toHaveCount(2);
  await expect(events.filter({ hasText: '"/Papers/scan.pdf" is now degraded' }).getByRole('link', { name: /Open the folder/ })).toHaveAttribute('href', '#/files/Papers');
  await expect(rows.filter({ hasText: 'Local folder 2' })).toContainText('Offline');
  await expect(rows.filter({ hasText: 'Local folder 2' })).toContainText('is missing');
  await page.screenshot({ path: 'docs/screenshots/health.png', fullPage: true });

  // Filters: by severity (the service filters), by kind (the page filters), by account.
  const total = await events.count();
  await page.getByLabel('Severity', { exact: true }).selectOption({ label: 'Problem' });
  await expect(events).toHaveCount(1);
  await expect(events.first()).toHaveAttribute('data-kind', 'account-offline');
  await page.getByLabel('Severity', { exact: true }).selectOption({ label: 'All severities' });
  await page.getByLabel('Kind of event').selectOption({ label: 'File health changed' });
  await expect(events).toHaveCount(2);
  await page.getByRole('button', { name: 'Clear filters' }).click();
  await expect(events).toHaveCount(total);
  await page.getByLabel('Account', { exact: true }).selectOption({ label: 'Local folder 2' });
  await expect(events).toHaveCount(1);
  await page.getByLabel('Account', { exact: true }).selectOption({ label: 'Local folder 1' });
  await expect(page.getByText('No events match these filters.')).toBeVisible();
  expect(consoleErrors).toEqual([]);
});
