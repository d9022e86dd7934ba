/**
 * The dashboard on a real `raic serve` and the built-in grid (5 local
 * folders, 3-of-5): the robustness card in words and figures, per-account
 * usage, and the grid health following a lost account's shares through a
 * check and a repair. Also takes the dashboard screenshots for the docs.
 */
import { randomBytes } from 'node:crypto';
import { rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { expect, test, type Page } from '@playwright/test';
import { putThroughServer, startRaicServe, type RunningRaic } from './headless-server';

let raic: RunningRaic;
test.beforeAll(async () => {
  raic = await startRaicServe({ skipSetup: true });
});
test.afterAll(async () => {
  await raic?.stop();
});

async function put(name: string, bytes: number, to?: string): Promise<void> {
  const file = path.join(raic.dataDir, name);
  writeFileSync(file, randomBytes(bytes));
  await putThroughServer(raic, file, to);
}

function watchConsole(page: Page): string[] {
  const errors: string[] = [];
  page.on('console', (message) => {
    if (message.type() === 'error') errors.push(message.text());
  });
  return errors;
}

test('the dashboard says what the grid survives, shows usage, and follows a lost account through check and repair', async ({ page }) => {
  await put('tax-return.pdf', 1536 * 1024);
  await put('beach.jpg', 3 * 1024 * 1024, '/Holiday/beach.jpg');
  const consoleErrors = watchConsole(page);
  await page.goto(raic.url);

  // Robustness: plain words first, then the figures.
  const summary = page.getByTestId('robustness-summary');
  // The five default folders share one disk: one failure domain, and losing it loses files (issue 17).
  await expect(summary).toHaveText(/^If the (disk|file system) holding Local folders 1-5 fails, every file is lost; your 5 accounts are in 1 failure domain\.$/);
  await expect(page.getByTestId('one-disk-notice')).toContainText('this protects your files against a damaged folder or a bad sector, not against losing the disk or the computer');
  await expect(page.getByTestId('add-independent-account')).toHaveAttribute('href', '#/accounts/add');
  await expect(page.getByTestId('figure-tolerance')).toHaveText('0 of 1');
  await expect(page.getByTestId('figure-durability')).toHaveText(/^\d+ nines?$/);
  await expect(page.getByTestId('figure-overhead')).toHaveText('1.67×');
  await expect(page.getByTestId('robustness-card')).toContainText('(5/3)');
  await expect(page.getByTestId('weak-point')).toContainText('Review your accounts');

  // Usage: every folder holds one share of each file.
  const cards = page.getByTestId('account-card');
  await expect(cards).toHaveCount(5);
  for (let i = 1; i <= 5; i++) {
    const card = cards.filter({ hasText: `Local folder ${i}` });
    await expect(card.getByTestId('account-status')).toHaveText('Online');
    await expect(card.getByTestId('account-shares')).toHaveText('2');
    await expect(card.getByTestId('account-used')).toContainText('MiB');
    await expect(card.getByRole('meter', { name: 'Space on the account' })).toBeVisible();
  }
  await expect(page.getByRole('img', { name: /Storage used over the last 30 days/ })).toBeVisible();
  await expect(page.getByTestId('grid-health-state')).toHaveText(/Healthy|Not checked yet/);

  await page.screenshot({ path: 'docs/screenshots/dashboard.png' });
  await page.emulateMedia({ colorScheme: 'dark' });
  await page.screenshot({ path: 'docs/screenshots/dashboard-dark.png' });
  await page.emulateMedia({ colorScheme: 'light' });
  await page.setViewportSize({ width: 1024, height: 700 });
  await page.screenshot({ path: 'docs/screenshots/dashboard-1024.png' });
  // Nothing may be cut off sideways at the smallest supported size.
  expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(1024);

  // One account loses its shares: a check finds the files degraded and names them.
  rmSync(path.join(raic.dataDir, 'local-storage', 'folder-1', 'shares'), { recursive: true, force: true });
  await page.getByRole('button', { name: 'Check now' }).click();
  await expect(page.getByTestId('grid-health-state')).toHaveText('Degraded');
  await expect(page.getByTestId('pass-report')).toContainText('2 files checked');
  const worst = page.getByTestId('worst-files');
  await expect(worst.getByRole('link', { name: '/Holiday/beach.jpg' })).toHaveAttribute('href', '#/files/Holiday');
  await expect(worst.getByRole('link', { name: '/tax-return.pdf' })).toBeVisible();
  await expect(page.getByTestId('figure-tolerance')).toHaveText('0 of 1');

  // Repair puts the shares back.
  await page.getByRole('button', { name: 'Repair now' }).click();
  await expect(page.getByTestId('grid-health-state')).toHaveText('Healthy');
  await expect(page.getByTestId('figure-tolerance')).toHaveText('0 of 1');
  await expect(page.getByTestId('worst-files')).toHaveCount(0);
  expect(consoleErrors).toEqual([]);
});
