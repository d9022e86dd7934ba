/**
 * The settings screen against a real `raic serve` (built-in grid of five
 * local folders, 3-of-5): the live preview of a new encoding, the service's
 * refusal in words, re-encoding stored files, prices, the recovery key and
 * pausing background work.
 */
import { randomBytes } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { expect, test, type Page } from '@playwright/test';
import { openScreen, putThroughServer, startRaicServe, type RunningRaic } from './headless-server';

interface Job {
  kind: string;
  state: string;
  error: string | null;
}
interface Listing {
  files: { path: string; cap: string; size: number }[];
}

let raic: RunningRaic;
const consoleErrors: string[] = [];

test.beforeAll(async () => {
  raic = await startRaicServe({ skipSetup: true });
  for (const [name, size] of [
    ['tax-return.pdf', 200_000],
    ['holiday.mov', 1_500_000],
  ] as const) {
    const file = path.join(raic.dataDir, name);
    writeFileSync(file, randomBytes(size));
    const cap = await putThroughServer(raic, file);
    expect(cap).toMatch(new RegExp(`:3:5:${size}$`));
  }
  mkdirSync('docs/screenshots', { recursive: true });
});
test.afterAll(async () => {
  await raic?.stop();
});

async function openSettings(page: Page): Promise<void> {
  page.on('console', (message) => {
    // The refused encoding below is an expected 400; the browser logs every failed request.
    if (message.type() === 'error' && !message.text().includes('status of 400')) consoleErrors.push(message.text());
  });
  await openScreen(page, raic, 'settings');
  await expect(page.getByRole('heading', { name: 'Settings', exact: true, level: 2 })).toBeVisible();
}

const field = (page: Page, label: string) => page.getByLabel(label, { exact: true });

test('a new encoding is previewed, refused in words when impossible, applied, and stored files are re-encoded', async ({ page }) => {
  await openSettings(page);
  const needed = field(page, 'Shares needed to rebuild a file');
  const happy = field(page, 'Different accounts each upload must reach');
  const total = field(page, 'Shares per file');
  await expect(needed).toHaveValue('3');
  await expect(total).toHaveValue('5');

  // 2-of-5: the preview says what it would survive before anything is saved.
  await needed.fill('2');
  const survives = page.getByRole('row', { name: /Files survive the loss of/ });
  // The five default folders share one disk: no encoding survives losing it (issue 17).
  await expect(survives.getByTestId('preview-current')).toHaveText('no failure: one disk or login failing (or one account) may lose files');
  await expect(survives.getByTestId('preview-new')).toHaveText('no failure: one disk or login failing (or one account) may lose files');
  await expect(page.getByTestId('preview-summary')).toContainText('2-of-5');
  await page.screenshot({ path: 'docs/screenshots/settings.png', fullPage: true });
  await page.getByTestId('encoding-chart').screenshot({ path: 'docs/screenshots/encoding-chart.png' });

  // A rule the page checks itself: needed above total.
  await needed.fill('7');
  await expect(page.locator('#encoding-needed-error')).toContainText('cannot need more shares than it has');
  await expect(needed).toHaveAttribute('aria-invalid', 'true');

  // A rule only the service knows: six accounts to reach, five enabled. Its message is shown at the field.
  await needed.fill('2');
  await total.fill('6');
  await happy.fill('6');
  await page.getByRole('button', { name: 'Apply' }).click();
  await expect(page.locator('#encoding-happy-error')).toContainText('uploads must reach 6 different accounts, but 5 are enabled');
  await expect(happy).toHaveAttribute('aria-describedby', /encoding-happy-error/);
  await expect(page.getByTestId('encoding-problem')).toBeVisible();

  // Apply 2-of-5, then accept re-encoding the two stored files.
  await happy.fill('4');
  await total.fill('5');
  await page.getByRole('button', { name: 'Apply' }).click();
  await expect(page.getByTestId('reencode-offer')).toContainText('2 stored files still use the old way');
  await page.getByRole('button', { name: 'Re-encode existing files…' }).click();
  const dialog = page.getByRole('dialog', { name: 'Re-encode existing files?' });
  await expect(dialog).toContainText('will be split again as 2-of-5');
  await dialog.getByRole('button', { name: 'Re-encode 2 stored files' }).click();
  await expect(page.getByTestId('reencode-queued')).toContainText('Queued 2 re-encoding jobs');
  await expect(page.getByRole('link', { name: 'Files screen' })).toBeVisible();

  await expect
    .poll(async () => (await raic.call<Job[]>('POST', '/api/v1/jobs', {})).filter((j) => j.kind === 'reencode').map((j) => j.state).join(','), { timeout: 30_000 })
    .toBe('done,done');
  const listing = await raic.call<Listing>('POST', '/api/v1/files/list', { folder: '/' });
  expect(listing.files).toHaveLength(2);
  for (const file of listing.files) expect(file.cap).toMatch(new RegExp(`:2:5:${file.size}$`));
  expect(consoleErrors).toEqual([]);
});

test('a price override is saved and can be reset', async ({ page }) => {
  await openSettings(page);
  const row = page.getByTestId('price-row').filter({ hasText: 'Folders on this computer' });
  await expect(row).toContainText('Local folder 1');
  await row.getByLabel('Folders on this computer: your price per GB a month (empty: the default)').fill('0.004');
  await row.getByLabel('Folders on this computer: currency').fill('EUR');
  await page.getByRole('button', { name: 'Save prices' }).click();
  await expect(page.getByText('Saved. Cost figures now use these prices.')).toBeVisible();
  const usage = await raic.call<{ prices: Record<string, { storagePerGBMonth: number; currency: string }> }>('GET', '/api/v1/usage');
  expect(usage.prices.local).toEqual({ storagePerGBMonth: 0.004, currency: 'EUR' });

  // A negative price is refused in words, at the field.
  await row.getByLabel('Folders on this computer: your price per GB a month (empty: the default)').fill('-1');
  await page.getByRole('button', { name: 'Save prices' }).click();
  await expect(row).toContainText('Enter a price from 0 to 1000');

  await row.getByRole('button', { name: 'Reset to default' }).click();
  await page.getByRole('button', { name: 'Save prices' }).click();
  await expect(page.getByText('Saved. Cost figures now use these prices.')).toBeVisible();
  const after = await raic.call<{ prices: Record<string, unknown> }>('GET', '/api/v1/usage');
  expect(after.prices.local).toBeUndefined();
});

test('the recovery key is shown only after confirming, as 18 numbered words', async ({ page }) => {
  await openSettings(page);
  await expect(page.getByTestId('recovery-words')).toHaveCount(0);
  await page.getByRole('button', { name: 'Show recovery key…' }).click();
  await page.getByRole('dialog', { name: 'Show the recovery key?' }).getByRole('button', { name: 'Show the words' }).click();
  const words = page.getByTestId('recovery-words').locator('li');
  await expect(words).toHaveCount(18);
  await expect(words.first()).toHaveText(/^1\.\s+[a-z]+$/);
  const download = page.waitForEvent('download');
  await page.getByRole('button', { name: 'Download as file' }).click();
  expect((await download).suggestedFilename()).toBe('raic-recovery-key.txt');
});

test('health settings are validated and saved; background work pauses and resumes', async ({ page }) => {
  await openSettings(page);
  const files = field(page, 'Check all files every');
  await files.fill('30');
  await page.getByLabel('Check all files every: unit').selectOption('seconds');
  await page.getByRole('button', { name: 'Save health settings' }).click();
  await expect(page.locator('#monitor-file-check-error')).toContainText('between 1 minute and 30 days');
  await files.fill('12');
  await page.getByLabel('Check all files every: unit').selectOption('hours');
  await page.getByLabel('Only when losing one more account could make a file unreadable (at risk) — less traffic').check();
  await page.getByRole('button', { name: 'Save health settings' }).click();
  await expect(page.getByText('Saved. The monitor uses the new settings from now on.')).toBeVisible();
  const status = async () => raic.call<{ paused: boolean; monitor: { fileCheckIntervalMs: number; repairWhen: string } }>('GET', '/api/v1/status');
  expect((await status()).monitor).toMatchObject({ fileCheckIntervalMs: 12 * 3_600_000, repairWhen: 'at-risk' });

  await page.getByRole('button', { name: 'Pause background work' }).click();
  await expect(page.getByTestId('pause-state')).toContainText('paused');
  await expect.poll(async () => (await status()).paused).toBe(true);
  await page.getByRole('button', { name: 'Resume background work' }).click();
  await expect.poll(async () => (await status()).paused).toBe(false);
});

test('the screen fits a 1024×700 window without sideways scrolling', async ({ page }) => {
  await page.setViewportSize({ width: 1024, height: 700 });
  await openSettings(page);
  await expect(page.getByTestId('encoding-chart').locator('svg')).toBeVisible();
  expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(1024);
  // A square of the chart fills the fields, by pointer and by keyboard.
  await page.locator('[data-cell="4-5"]').click();
  await expect(field(page, 'Shares needed to rebuild a file')).toHaveValue('4');
  await expect(field(page, 'Shares per file')).toHaveValue('5');
  await expect(page.getByTestId('choice-details')).toContainText('4-of-5');
  await page.locator('[data-cell="4-5"]').focus();
  await page.keyboard.press('ArrowUp');
  await page.keyboard.press('ArrowRight');
  await page.keyboard.press('Enter');
  await expect(field(page, 'Shares needed to rebuild a file')).toHaveValue('3');
  await expect(field(page, 'Shares per file')).toHaveValue('6');
  // The same choices as a table.
  await page.getByRole('button', { name: 'Show as table' }).click();
  await page.getByRole('button', { name: 'Choose 1-of-3' }).click();
  await expect(field(page, 'Shares needed to rebuild a file')).toHaveValue('1');
  await expect(field(page, 'Shares per file')).toHaveValue('3');
});
