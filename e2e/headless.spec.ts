import { randomBytes } from 'node:crypto';
import { writeFileSync } from 'node:fs';
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

test('headless mode shows the default grid of local folders, with the shares of an uploaded file', async ({ page }) => {
  // A file stored through the server's upload route, so the cards show real usage: 3-of-5 puts one share on each folder.
  const file = path.join(raic.dataDir, 'holiday-photos.tar');
  writeFileSync(file, randomBytes(3 * 1024 * 1024));
  const cap = await putThroughServer(raic, file);
  expect(cap).toMatch(/^URI:CHK:[a-z2-7]+:[a-z2-7]+:3:5:3145728$/);

  const consoleErrors: string[] = [];
  page.on('console', (message) => {
    if (message.type() === 'error') consoleErrors.push(message.text());
  });
  await page.goto(raic.url);
  const cards = page.getByTestId('account-card');
  await expect(cards).toHaveCount(5);
  for (let i = 1; i <= 5; i++) {
    const card = cards.filter({ hasText: `Local folder ${i}` });
    await expect(card).toContainText(`${raic.dataDir}/local-storage/folder-${i}`);
    await expect(card.getByTestId('account-status')).toHaveText('Online');
    await expect(card.getByTestId('account-shares')).toHaveText('1');
    await expect(card.getByTestId('account-used')).toContainText('MiB');
  }
  await expect(page.getByText('5 of 5')).toBeVisible();
  // The token left the address bar once read, so it is not bookmarked or shared.
  expect(page.url()).not.toContain('token=');
  await page.screenshot({ path: 'docs/screenshot.png', fullPage: true });
  expect(consoleErrors).toEqual([]);
});

test('adding a local folder validates the form and shows the new account', async ({ page }) => {
  await openScreen(page, raic, 'accounts');
  await page.getByRole('button', { name: 'Add account' }).click();
  await page.getByRole('button', { name: /^Local folder or USB disk/ }).click();
  const save = page.getByRole('button', { name: 'Save account' });
  const errors = page.getByRole('alert');
  await save.click();
  await expect(errors).toContainText('Give the account a name.');
  await expect(page.getByLabel('Name', { exact: true })).toBeFocused();
  await page.getByLabel('Name', { exact: true }).fill('USB disk');
  await page.getByLabel('Folder', { exact: true }).fill('relative/folder');
  await save.click();
  await expect(errors).toContainText('full path');
  await expect(page.getByLabel('Folder', { exact: true })).toHaveAttribute('aria-invalid', 'true');
  await page.getByLabel('Folder', { exact: true }).fill(`${raic.dataDir}/usb-disk`);
  await save.click();
  // By its name: every local row says "Local folder or USB disk" as its provider.
  const row = page.getByTestId('account-row').filter({ has: page.getByText('USB disk', { exact: true }) });
  await expect(row).toBeVisible();
  await expect(row.getByTestId('account-status')).toHaveText('Online', { timeout: 30_000 });
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Dashboard' }).click();
  await expect(page.getByTestId('account-card').filter({ hasText: 'USB disk' })).toContainText('Online');
});

test('the API refuses a page without the token', async ({ page }) => {
  const base = raic.url.split('#')[0]!;
  const status = await page.request.get(`${base}api/v1/status`);
  expect(status.status()).toBe(401);
});
