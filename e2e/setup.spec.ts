/**
 * The first-run wizard on a fresh data dir, against the real `raic serve`:
 * every step by keyboard-reachable controls, the honest answer to "survive
 * any 2 failures" on five folders of one disk (nothing to propose, the
 * encoding kept), the recovery key shown with its 18
 * words, and the dashboard after finishing.
 */
import { expect, test } from '@playwright/test';
import { startRaicServe, type RunningRaic } from './headless-server';

let raic: RunningRaic;
test.beforeAll(async () => {
  raic = await startRaicServe();
});
test.afterAll(async () => {
  await raic?.stop();
});

interface Status {
  setupComplete: boolean;
  encoding: { needed: number; happy: number; total: number };
}

test('the setup wizard walks through storage, protection and the recovery key, then opens the dashboard', async ({ page }) => {
  const before = await raic.call<Status>('GET', '/api/v1/status');
  expect(before.setupComplete).toBe(false);
  const consoleErrors: string[] = [];
  page.on('console', (message) => {
    if (message.type() === 'error') consoleErrors.push(message.text());
  });

  await page.goto(raic.url);
  const progress = page.getByRole('list', { name: 'Setup steps' });
  await expect(progress.locator('[aria-current="step"]')).toContainText('Welcome');
  await expect(page.getByRole('heading', { name: 'Welcome to RAIC' })).toBeVisible();
  await page.getByRole('button', { name: 'Start' }).click();

  // Step 2: the built-in grid is the default; the cloud choice shows the add-account flow inline.
  await expect(page.getByRole('heading', { name: 'Where should your files go?' })).toBeFocused();
  await expect(page.getByLabel('Start with the built-in grid')).toBeChecked();
  await page.getByLabel('Add cloud accounts now').check();
  await expect(page.getByRole('button', { name: /Wasabi/ })).toBeVisible();
  await page.getByLabel('Start with the built-in grid').check();
  await page.getByRole('button', { name: 'Next' }).click();

  // Step 3: a goal in words, a proposal in words and figures.
  await expect(page.getByRole('heading', { name: 'How safe should your files be?' })).toBeVisible();
  // The five built-in folders share one disk: no split of the files survives losing it, so nothing is proposed (issue 17).
  await page.getByLabel('Survive any 2 failures (an account, or a whole disk or login)').check();
  const proposal = page.getByTestId('proposal');
  await expect(proposal).toContainText('Not possible with your 5 accounts yet.');
  await expect(proposal).toContainText('All your accounts are on one disk or login, and losing it loses every file whatever the split: add a cloud account or a USB disk.');
  await expect(page.getByTestId('proposed-encoding')).toHaveCount(0);
  await page.screenshot({ path: 'docs/screenshots/setup.png', fullPage: true });
  await page.getByRole('button', { name: 'Keep 3-of-5 for now' }).click();

  // Step 4: the recovery key, once; finishing needs the checkbox.
  await expect(page.getByRole('heading', { name: 'Save your recovery key' })).toBeVisible();
  await expect(page.getByTestId('recovery-word')).toHaveCount(18);
  const words = await page.getByTestId('recovery-word').allTextContents();
  expect(words.every((w) => /^[a-z]+$/.test(w))).toBe(true);
  const download = page.getByRole('link', { name: 'Download as file' });
  await expect(download).toHaveAttribute('href', /^blob:/);
  const [file] = await Promise.all([page.waitForEvent('download'), download.click()]);
  expect(file.suggestedFilename()).toMatch(/^RAIC recovery key .+\.txt$/);
  const finish = page.getByRole('button', { name: 'Finish setup' });
  await expect(finish).toBeDisabled();
  await page.getByLabel('I have saved my recovery key').check();
  await finish.click();

  await expect(page.getByRole('navigation', { name: 'Main' })).toBeVisible();
  await expect(page.getByRole('link', { name: 'Dashboard' })).toHaveAttribute('aria-current', 'page');
  const after = await raic.call<Status>('GET', '/api/v1/status');
  expect(after.setupComplete).toBe(true);
  // Kept as it was: uploads still reach at least 4 of the 5 folders, never all 5.
  expect(after.encoding).toMatchObject({ needed: 3, happy: 4, total: 5 });
  expect(after.encoding).toEqual(before.encoding);
  expect(consoleErrors).toEqual([]);
});

test('the wizard adds an account inline, and the proposal counts it', async ({ page }) => {
  const fresh = await startRaicServe();
  try {
    await page.goto(fresh.url);
    await page.getByRole('button', { name: 'Start' }).click();
    await page.getByLabel('Add cloud accounts now').check();
    await expect(page.getByRole('heading', { name: 'Your accounts (5)' })).toBeVisible();
    await page.getByRole('button', { name: /^Local folder or USB disk/ }).click();
    await page.getByLabel('Name', { exact: true }).fill('Backup disk');
    await page.getByLabel('Folder', { exact: true }).fill(`${fresh.dataDir}/backup-disk`);
    await page.getByRole('button', { name: 'Save account' }).click();
    await expect(page.getByRole('status').filter({ hasText: '“Backup disk” was added' })).toBeVisible();
    await expect(page.getByRole('heading', { name: 'Your accounts (6)' })).toBeVisible();
    await page.getByRole('button', { name: 'Next' }).click();
    await page.getByLabel('Survive any 1 failure (an account, or a whole disk or login)').check();
    // A folder on the same disk adds an account but no independence: the proposal counts it and still finds no way to survive the disk.
    await expect(page.getByTestId('proposal')).toContainText('Not possible with your 6 accounts yet.');
    await expect(page.getByTestId('proposal')).toContainText('with your 6 accounts');
  } finally {
    await fresh.stop();
  }
});
