/**
 * The Files screen against a real `raic serve` in real Chromium: uploads by
 * drag and drop and by the folder picker with their progress, the listing,
 * folders by link and keyboard, a byte-identical download, checks, caps,
 * rename and delete.
 */
import { randomBytes } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { expect, test, type Page } from '@playwright/test';
import { formatBytes } from '../shared/format-bytes';
import { startRaicServe, type RunningRaic } from './headless-server';

const BIG = randomBytes(3 * 1024 * 1024);
const SMALL = randomBytes(40 * 1024);
/** Big enough that its job is still running when the test takes the progress screenshot. */
const LARGE_BYTES = 256 * 1024 * 1024;
const NOTES = 'Shopping list: milk, eggs, a second hard disk.\n';

let raic: RunningRaic;
test.beforeAll(async () => {
  raic = await startRaicServe({ skipSetup: true });
  mkdirSync('docs/screenshots', { recursive: true });
});
test.afterAll(async () => {
  await raic?.stop();
});
// The page copies caps with navigator.clipboard; reading it back needs permission too.
test.use({ permissions: ['clipboard-read', 'clipboard-write'] });
test.describe.configure({ mode: 'serial' });

async function openFiles(page: Page, folder = '/') {
  await page.goto(raic.url);
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Files' }).click();
  if (folder !== '/') await page.evaluate((f) => (window.location.hash = `#/files${f}`), folder);
  await expect(page.getByRole('heading', { name: 'Files', exact: true, level: 2 })).toBeVisible();
}

function fileRow(page: Page, name: string) {
  return page.getByTestId('file-row').filter({ has: page.getByRole('button', { name, exact: true }) });
}

test('dropping files uploads them, shows progress to done, and lists them with their sizes', async ({ page }) => {
  const consoleErrors: string[] = [];
  page.on('console', (message) => {
    if (message.type() === 'error') consoleErrors.push(message.text());
  });
  await openFiles(page);
  await expect(page.getByText('This folder is empty')).toBeVisible();
  await expect(page.getByText('Drop files here or use Upload.')).toBeVisible();

  // A synthetic drop: real File objects in a DataTransfer (it cannot carry folder entries; the folder picker test covers folders).
  const dataTransfer = await page.evaluateHandle(
    ({ big, small, notes }) => {
      const bytes = (base64: string) => Uint8Array.from(atob(base64), (c) => c.charCodeAt(0));
      const transfer = new DataTransfer();
      transfer.items.add(new File([bytes(big)], 'big.bin', { type: 'application/octet-stream' }));
      transfer.items.add(new File([bytes(small)], 'photo.jpg', { type: 'image/jpeg' }));
      transfer.items.add(new File([notes], 'notes.txt', { type: 'text/plain' }));
      return transfer;
    },
    { big: BIG.toString('base64'), small: SMALL.toString('base64'), notes: NOTES },
  );
  const dropArea = page.getByTestId('drop-area');
  await dropArea.dispatchEvent('dragenter', { dataTransfer });
  await dropArea.dispatchEvent('dragover', { dataTransfer });
  await expect(dropArea).toHaveClass(/files-drop-active/);
  await expect(page.getByText('Drop to upload into All files')).toBeVisible();
  await dropArea.dispatchEvent('drop', { dataTransfer });
  await expect(dropArea).not.toHaveClass(/files-drop-active/);

  const panel = page.getByTestId('transfers-panel');
  const jobs = panel.getByTestId('job-row');
  await expect(jobs).toHaveCount(3, { timeout: 20_000 });
  await expect(panel.locator('[data-testid=job-row][data-state=done]')).toHaveCount(3, { timeout: 30_000 });
  for (const percent of await panel.getByTestId('job-percent').allTextContents()) expect(percent).toBe('100%');
  await expect(panel.getByTestId('transfers-summary')).toHaveText('3 done.');

  // The listing reloads by itself once the jobs are done.
  await expect(fileRow(page, 'big.bin').getByTestId('file-size')).toHaveText(formatBytes(BIG.length));
  await expect(fileRow(page, 'photo.jpg').getByTestId('file-size')).toHaveText(formatBytes(SMALL.length));
  await expect(fileRow(page, 'notes.txt').getByTestId('file-size')).toHaveText(formatBytes(Buffer.byteLength(NOTES)));
  await expect(fileRow(page, 'big.bin').getByTestId('health-badge')).toBeVisible();

  // Sorting by size puts the biggest first after a second click (descending first, then ascending).
  await page.getByRole('button', { name: 'Size' }).click();
  await expect(page.getByTestId('file-row').first()).toContainText('big.bin');
  await page.getByRole('button', { name: 'Size' }).click();
  await expect(page.getByTestId('file-row').first()).toContainText('notes.txt');

  // Clear finished empties the panel.
  await panel.getByRole('button', { name: 'Clear finished' }).click();
  await expect(jobs).toHaveCount(0);
  await expect(panel).toContainText('Nothing is being stored or saved right now.');
  expect(consoleErrors).toEqual([]);
});

test('a folder chosen with Upload folder keeps its subfolders; folders open by link and by keyboard', async ({ page }) => {
  const trip = path.join(raic.dataDir, 'upload-source', 'Trip');
  mkdirSync(path.join(trip, 'day1'), { recursive: true });
  writeFileSync(path.join(trip, 'plan.txt'), 'Day 1: the lake.\n');
  writeFileSync(path.join(trip, 'day1', 'lake.bin'), randomBytes(200 * 1024));

  await openFiles(page);
  await page.getByTestId('upload-folder-input').setInputFiles(trip);
  const panel = page.getByTestId('transfers-panel');
  await expect(panel.locator('[data-testid=job-row][data-state=done]')).toHaveCount(2, { timeout: 30_000 });

  const tripRow = page.getByTestId('folder-row').filter({ hasText: 'Trip' });
  await expect(tripRow).toContainText('2 files');
  await tripRow.getByRole('link', { name: 'Trip' }).click();
  await expect(page.getByRole('navigation', { name: 'Folder' }).locator('[aria-current=page]')).toHaveText('Trip');
  await expect(fileRow(page, 'plan.txt')).toBeVisible();

  // Keyboard: from the last column header, Tab reaches the first folder's checkbox, then its link, and Enter opens it.
  await page.getByRole('button', { name: 'Stored' }).focus();
  await page.keyboard.press('Tab');
  await expect(page.getByRole('checkbox', { name: 'Choose day1' })).toBeFocused();
  await page.keyboard.press('Tab');
  await expect(page.getByRole('link', { name: 'day1' })).toBeFocused();
  await page.keyboard.press('Enter');
  await expect(page.getByRole('navigation', { name: 'Folder' }).locator('[aria-current=page]')).toHaveText('day1');
  await expect(fileRow(page, 'lake.bin').getByTestId('file-size')).toHaveText(formatBytes(200 * 1024));
  expect(await page.evaluate(() => window.location.hash)).toBe('#/files/Trip/day1');

  // The breadcrumbs lead back up.
  await page.getByRole('navigation', { name: 'Folder' }).getByRole('link', { name: 'All files' }).click();
  await expect(page.getByTestId('folder-row').filter({ hasText: 'Trip' })).toBeVisible();
});

test('file details: encoding in words, byte-identical download, check and verify, caps, rename and delete', async ({ page }) => {
  await page.setViewportSize({ width: 1024, height: 700 });
  await openFiles(page);
  await fileRow(page, 'big.bin').getByRole('button', { name: 'big.bin' }).click();
  const details = page.getByTestId('file-details');
  await expect(details.getByRole('heading', { name: 'big.bin' })).toBeVisible();
  await expect(details.getByTestId('details-size')).toHaveText(formatBytes(BIG.length));
  await expect(details.getByTestId('encoding-words')).toContainText('Any 3 of its 5 shares rebuild it');
  await expect(details.getByRole('list', { name: 'Shares by account' }).getByRole('listitem')).toHaveCount(5);
  await expect(details).toContainText('Local folder 1');

  // Download through the browser, then compare every byte.
  const downloadPromise = page.waitForEvent('download');
  await details.getByRole('button', { name: 'Download' }).click();
  const download = await downloadPromise;
  expect(download.suggestedFilename()).toBe('big.bin');
  const saved = path.join(raic.dataDir, 'downloaded-big.bin');
  await download.saveAs(saved);
  expect(readFileSync(saved).equals(BIG)).toBe(true);

  const result = details.getByTestId('check-result');
  await details.getByRole('button', { name: 'Check', exact: true }).click();
  await expect(result.getByTestId('check-report')).toContainText('Healthy');
  await expect(result).toContainText('Checked');
  await details.getByRole('button', { name: 'Verify', exact: true }).click();
  await expect(result.getByTestId('check-report')).toContainText('Verified (every share read)');
  await expect(result.getByTestId('check-report')).toContainText('Healthy');

  // The read cap on the clipboard is the file's cap.
  const file = await raic.call<{ cap: string; verifyCap: string }>('POST', '/api/v1/files/get', { path: '/big.bin' });
  // "Copied" shows for 2.5 s only, and a loaded machine may look later than that (a 3 s pause before
  // looking failed every time): the page notes which button's confirmation said it, and that is checked.
  await details.evaluate((panel) => {
    const said: string[] = [];
    (window as unknown as { saidCopied: string[] }).saidCopied = said;
    new MutationObserver(() => {
      for (const copy of panel.querySelectorAll('.files-copy')) {
        if (copy.querySelector('[role=status]')?.textContent === 'Copied') said.push(copy.querySelector('button')?.textContent ?? '');
      }
    }).observe(panel, { childList: true, characterData: true, subtree: true });
  });
  await details.getByRole('button', { name: 'Copy sharing code' }).click();
  await expect.poll(() => page.evaluate(() => (window as unknown as { saidCopied: string[] }).saidCopied)).toContain('Copy sharing code');
  expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(file.cap);
  expect(file.cap).toMatch(/^URI:CHK:/);
  await details.getByRole('button', { name: 'Copy check-only code' }).click();
  await expect.poll(() => page.evaluate(() => navigator.clipboard.readText())).toBe(file.verifyCap);
  // Full-page shots keep sticky elements where the scroll left them: start from the top.
  await page.evaluate(() => window.scrollTo(0, 0));
  await page.screenshot({ path: 'docs/screenshots/files.png', fullPage: true });

  // Rename in place.
  await fileRow(page, 'photo.jpg').getByRole('button', { name: 'photo.jpg' }).click();
  await details.getByLabel('Rename or move').fill('beach.jpg');
  await details.getByRole('button', { name: 'Rename/Move' }).click();
  await expect(page.getByText('Renamed to beach.jpg.')).toBeVisible();
  await expect(fileRow(page, 'beach.jpg')).toBeVisible();
  await expect(fileRow(page, 'photo.jpg')).toHaveCount(0);

  // Delete, after a confirmation that says what happens.
  await fileRow(page, 'notes.txt').getByRole('button', { name: 'notes.txt' }).click();
  // A file this small lives inside its cap: the words say so instead of talking about shares.
  await expect(details.getByTestId('encoding-words')).toContainText('inside its sharing code');
  await details.getByRole('button', { name: 'Delete', exact: true }).click();
  const dialog = page.getByRole('dialog', { name: 'Delete notes.txt?' });
  await expect(dialog).toContainText('disappears from your file list');
  await dialog.getByRole('button', { name: 'Delete file' }).click();
  await expect(dialog).toBeHidden();
  await expect(fileRow(page, 'notes.txt')).toHaveCount(0);
  await expect(page.getByText('notes.txt was deleted.')).toBeVisible();
  await expect(details).toBeHidden();

  // Escape inside the panel closes it.
  await fileRow(page, 'beach.jpg').getByRole('button', { name: 'beach.jpg' }).click();
  await details.getByRole('button', { name: 'Download' }).focus();
  await page.keyboard.press('Escape');
  await expect(details).toBeHidden();
});

test('a waiting upload can be cancelled; a large one shows its progress while it runs', async ({ page }) => {
  const sources = path.join(raic.dataDir, 'upload-source');
  mkdirSync(sources, { recursive: true });
  writeFileSync(path.join(sources, 'later.bin'), randomBytes(1024 * 1024));
  writeFileSync(path.join(sources, 'video.mp4'), randomBytes(LARGE_BYTES));
  await openFiles(page);
  const panel = page.getByTestId('transfers-panel');

  // Paused, RAIC queues the job but does not start it: Cancel is there for sure.
  await raic.call('POST', '/api/v1/paused', { paused: true });
  // A slow link (Chromium's network emulation) makes the browser's sending phase visible.
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Network.emulateNetworkConditions', { offline: false, latency: 0, downloadThroughput: -1, uploadThroughput: 512 * 1024 });
  await page.getByTestId('upload-files-input').setInputFiles(path.join(sources, 'later.bin'));
  const sending = panel.getByTestId('sending-row');
  await expect(sending).toContainText('1 file into All files');
  await expect(sending).toContainText(/KiB of 1\.0 MiB sent/);
  await expect(sending).toHaveCount(0, { timeout: 15_000 });
  await cdp.send('Network.emulateNetworkConditions', { offline: false, latency: 0, downloadThroughput: -1, uploadThroughput: -1 });
  const waiting = panel.getByTestId('job-row').filter({ hasText: '/later.bin' });
  await expect(waiting).toHaveAttribute('data-state', 'queued');
  await expect(waiting.getByTestId('job-state')).toHaveText('Waiting');
  await waiting.getByRole('button', { name: 'Cancel' }).click();
  await expect(waiting).toHaveAttribute('data-state', 'cancelled');
  await expect(waiting.getByTestId('job-state')).toHaveText('Cancelled');
  await raic.call('POST', '/api/v1/paused', { paused: false });

  await page.getByTestId('upload-files-input').setInputFiles(path.join(sources, 'video.mp4'));
  const job = panel.getByTestId('job-row').filter({ hasText: '/video.mp4' });
  await expect(job).toHaveAttribute('data-state', 'running', { timeout: 30_000 });
  await expect(job.getByTestId('job-percent')).not.toHaveText('0%');
  await page.screenshot({ path: 'docs/screenshots/uploads.png', fullPage: true });
  await expect(job).toHaveAttribute('data-state', 'done', { timeout: 60_000 });
  await expect(fileRow(page, 'video.mp4').getByTestId('file-size')).toHaveText(formatBytes(LARGE_BYTES));
  await expect(fileRow(page, 'later.bin')).toHaveCount(0);
});

test('New folder creates an empty folder that shows the empty state', async ({ page }) => {
  await openFiles(page);
  await page.getByRole('button', { name: 'New folder' }).click();
  const dialog = page.getByRole('dialog', { name: 'New folder' });
  await dialog.getByLabel('Name').fill('Taxes');
  await dialog.getByRole('button', { name: 'Create folder' }).click();
  await expect(dialog).toBeHidden();
  await page.getByTestId('folder-row').filter({ hasText: 'Taxes' }).getByRole('link', { name: 'Taxes' }).click();
  await expect(page.getByText('This folder is empty')).toBeVisible();
});

test('uploads that end before the page’s event stream is up still show as done, and their files are listed', async ({ page }) => {
  const sources = path.join(raic.dataDir, 'upload-source', 'Late');
  mkdirSync(path.join(sources, 'inner'), { recursive: true });
  writeFileSync(path.join(sources, 'tiny.txt'), 'Fits in its cap.\n');
  writeFileSync(path.join(sources, 'inner', 'small.bin'), randomBytes(50 * 1024));
  // A slow start (a busy machine, a distant RAIC): the event stream connects 3 s after the page asked for it,
  // so both jobs start and end before it, and their events are never pushed to this page.
  await page.route('**/api/v1/events', async (route) => {
    await new Promise((resolve) => setTimeout(resolve, 3_000));
    await route.continue();
  });
  await openFiles(page);
  await page.getByTestId('upload-folder-input').setInputFiles(sources);
  const panel = page.getByTestId('transfers-panel');
  const lateJobs = panel.getByTestId('job-row').filter({ hasText: '/Late/' });
  await expect(lateJobs).toHaveCount(2, { timeout: 20_000 });
  await expect(lateJobs.and(page.locator('[data-state=done]'))).toHaveCount(2);
  await expect(page.getByTestId('folder-row').filter({ hasText: 'Late' })).toContainText('2 files');
});

test('a job list that answers late keeps the uploads whose events came meanwhile', async ({ page }) => {
  const sources = path.join(raic.dataDir, 'upload-source', 'Slow list');
  mkdirSync(sources, { recursive: true });
  writeFileSync(path.join(sources, 'a.txt'), 'A LIT file.\n');
  writeFileSync(path.join(sources, 'b.bin'), randomBytes(30 * 1024));
  // The list is read from RAIC when asked, but its answer reaches the page 3 s later: the jobs queued,
  // run and done meanwhile are not in it, while their events already came over the event stream.
  await page.route('**/api/v1/jobs', async (route) => {
    const response = await route.fetch();
    await new Promise((resolve) => setTimeout(resolve, 3_000));
    await route.fulfill({ response });
  });
  await openFiles(page);
  await page.getByTestId('upload-folder-input').setInputFiles(sources);
  const slowListJobs = page.getByTestId('transfers-panel').getByTestId('job-row').filter({ hasText: '/Slow list/' });
  await expect(slowListJobs.and(page.locator('[data-state=done]'))).toHaveCount(2, { timeout: 20_000 });
  // Still there once every late list has answered.
  await page.waitForTimeout(4_000);
  await expect(slowListJobs.and(page.locator('[data-state=done]'))).toHaveCount(2);
});
