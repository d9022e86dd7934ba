/**
 * Honest robustness in the UI (issue 17), on a real `raic serve` and the
 * built-in grid (5 local folders in the data dir, so on one disk, 3-of-5):
 * the dashboard's default-grid message, the failure-domain grouping in the
 * account form with an override that changes the dashboard's figure, and the
 * mixed-encoding notice after a change of encoding without re-encoding.
 */
import { randomBytes } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { expect, test, type Page } from '@playwright/test';
import { openScreen, putThroughServer, startRaicServe, type RunningRaic } from './headless-server';

test.describe.configure({ mode: 'serial' });

let raic: RunningRaic;
test.beforeAll(async () => {
  raic = await startRaicServe({ skipSetup: true });
});
test.afterAll(async () => {
  await raic?.stop();
});

async function put(name: string, bytes: number): Promise<void> {
  const file = path.join(raic.dataDir, name);
  writeFileSync(file, randomBytes(bytes));
  await putThroughServer(raic, file);
}

function watchConsole(page: Page): string[] {
  const errors: string[] = [];
  page.on('console', (message) => {
    if (message.type() === 'error') errors.push(message.text());
  });
  return errors;
}

/** The accounts list's row of one account (other rows name it too, in their grouping). */
function accountRow(page: Page, name: string) {
  return page.getByTestId('account-row').filter({ has: page.locator('.account-name', { hasText: new RegExp(`^${name}$`) }) });
}

async function openDashboard(page: Page): Promise<void> {
  await page.goto(raic.url);
  await expect(page.getByRole('heading', { name: 'How safe your files are', exact: true })).toBeVisible();
}

test('the default grid says plainly that its five folders are one disk', async ({ page }) => {
  await put('letter.pdf', 200 * 1024);
  const consoleErrors = watchConsole(page);
  await openDashboard(page);
  // Structure: one failure domain, nothing survives losing it, and the disk is named as the weak point.
  await expect(page.getByTestId('figure-tolerance')).toHaveText('0 of 1');
  const card = page.getByTestId('robustness-card');
  await expect(card).toContainText(/(disk|file system)/);
  await expect(page.getByTestId('weak-point')).toContainText(/Local folders 1-5/);
  await expect(page.getByTestId('mixed-encoding-notice')).toHaveCount(0);

  // The accounts list says the same in the account's own row.
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Accounts', exact: true }).click();
  await expect(accountRow(page, 'Local folder 1').getByTestId('account-domain')).toHaveText('On the same disk as Local folders 2-5');
  await expect(accountRow(page, 'Local folder 3').getByTestId('account-domain')).toHaveText('On the same disk as Local folders 1, 2, 4 and 5');
  expect(consoleErrors).toEqual([]);
});

test('the account form shows the grouping, and saying a folder is independent changes the dashboard', async ({ page }) => {
  const consoleErrors = watchConsole(page);
  await openScreen(page, raic, 'accounts');
  await page.getByRole('button', { name: 'Edit Local folder 5' }).click();
  const panel = page.getByTestId('failure-domain-panel');
  await expect(panel.getByTestId('failure-domain-words')).toHaveText('On the same disk as Local folders 1-4 (detected by RAIC)');
  // The disk's shared part of the risk, editable beside the account's own figures.
  await expect(panel.getByTestId('domain-risk-form')).toContainText('Chance the whole disk is lost in a year (%)');

  await panel.getByLabel('This account is').selectOption({ label: 'Independent of all my other accounts' });
  await panel.getByRole('button', { name: 'Save grouping' }).click();
  await expect(panel.getByRole('status')).toHaveText(/The grouping was saved/);
  await expect(panel.getByTestId('failure-domain-words')).toHaveText('Its own disk (as you set it)');
  await expect(panel.getByTestId('domain-risk-form')).toHaveCount(0);
  await expect(accountRow(page, 'Local folder 1').getByTestId('account-domain')).toHaveText('On the same disk as Local folders 2-4');
  await expect(accountRow(page, 'Local folder 5').getByTestId('account-domain')).toHaveText('Its own disk');

  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Dashboard', exact: true }).click();
  await expect(page.getByTestId('figure-tolerance')).toHaveText('0 of 2');

  // Back to what RAIC detected: one domain again.
  await openScreen(page, raic, 'accounts');
  await page.getByRole('button', { name: 'Edit Local folder 5' }).click();
  await panel.getByLabel('This account is').selectOption({ label: 'Grouped as RAIC detects it' });
  await panel.getByRole('button', { name: 'Save grouping' }).click();
  await expect(panel.getByTestId('failure-domain-words')).toHaveText('On the same disk as Local folders 1-4 (detected by RAIC)');
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Dashboard', exact: true }).click();
  await expect(page.getByTestId('figure-tolerance')).toHaveText('0 of 1');
  expect(consoleErrors).toEqual([]);
});

test('after a change of encoding without re-encoding, the dashboard says how many files still use the old one', async ({ page }) => {
  await put('photo.jpg', 300 * 1024);
  // Two files stored 3-of-5; new files will be 2-of-5, the stored ones are not re-encoded.
  await raic.call('POST', '/api/v1/encoding', { encoding: { needed: 2, happy: 4, total: 5 } });
  const consoleErrors = watchConsole(page);
  await openDashboard(page);
  const notice = page.getByTestId('mixed-encoding-notice');
  await expect(notice).toContainText('2 files still use 3-of-5; re-encode them to get 2-of-5 like new files.');
  // Each file is judged by its own encoding: the card still shows figures, not an error.
  await expect(page.getByTestId('figure-tolerance')).toHaveText(/^\d+ of \d+$/);

  // The button is the persistent re-encode notice's (e2e/file-manager.spec.ts follows it across screens).
  await page.getByTestId('reencode-notice').getByRole('button', { name: 'Re-encode 2 files' }).click();
  await expect(page.getByTestId('reencode-notice')).toContainText('Re-encoding');
  // Once the jobs are done every file uses 2-of-5 and the notice goes away.
  await expect(async () => {
    await page.reload();
    await expect(page.getByTestId('robustness-card')).toBeVisible();
    await expect(page.getByTestId('mixed-encoding-notice')).toHaveCount(0, { timeout: 1000 });
  }).toPass({ timeout: 30_000 });
  expect(consoleErrors).toEqual([]);
});
