/**
 * "Other rclone remote" end to end, headless: `raic serve` and Debian's
 * rclone, with a `local` remote (a temporary folder) typed in as its type,
 * a folder and an option row. The connection test passes, the account is
 * saved, its files go through rclone into that folder, and the account list
 * and the dashboard card show the space rclone reports for it (`rclone
 * about`), the same figure statfs gives for the folder's disk. Settings say
 * which rclone RAIC runs.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { statfs } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { expect, test } from '@playwright/test';
import { formatBytes } from '../shared/format-bytes';
import { openScreen, startRaicServe, type RunningRaic } from './headless-server';

const ACCOUNT = 'Folder through rclone';

let raic: RunningRaic;
let folder: string;

test.beforeAll(async () => {
  folder = await mkdtemp(path.join(os.tmpdir(), 'raic-e2e-rclone-'));
  raic = await startRaicServe({ skipSetup: true });
});
test.afterAll(async () => {
  await raic?.stop();
  if (folder) await rm(folder, { recursive: true, force: true });
});

test('add an rclone remote by its type and options, and see its quota on the card', async ({ page }) => {
  test.setTimeout(120_000);
  await openScreen(page, raic, 'accounts');
  await page.getByRole('button', { name: 'Add account' }).click();
  await page.getByRole('button', { name: /^Other rclone remote/ }).click();
  await expect(page.getByLabel('Name', { exact: true })).toBeFocused();
  // rclone is installed here: no note on how to get it.
  await expect(page.getByTestId('rclone-missing')).toHaveCount(0);

  await page.getByLabel('Name', { exact: true }).fill(ACCOUNT);
  await page.getByLabel('rclone remote type').fill('local');
  await page.getByLabel('Folder on the remote').fill(path.join(folder, 'raic'));
  await page.getByLabel('Options: name 1', { exact: true }).fill('one_file_system');
  await page.getByLabel('Options: value 1', { exact: true }).fill('true');
  // A secret among the plain options is refused before anything is sent.
  await page.getByRole('button', { name: 'Add an option' }).click();
  await page.getByLabel('Options: name 2', { exact: true }).fill('password');
  await page.getByLabel('Options: value 2', { exact: true }).fill('not-here');
  await page.getByRole('button', { name: 'Test connection' }).click();
  await expect(page.getByText(/A password or token is a secret option/).first()).toBeVisible();
  await page.getByRole('button', { name: 'Remove options row 2' }).click();

  await page.getByRole('button', { name: 'Test connection' }).click();
  await expect(page.getByText(/rclone reaches the local remote and its folder/)).toBeVisible({ timeout: 60_000 });
  await page.getByRole('button', { name: 'Save account' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'was added' })).toBeVisible({ timeout: 60_000 });

  const saved = await raic.call<{ accounts: { name: string; provider: string; settings: Record<string, unknown> }[] }>('GET', '/api/v1/status');
  expect(saved.accounts.find((a) => a.name === ACCOUNT)).toMatchObject({ provider: 'rclone', settings: { remoteType: 'local', options: 'one_file_system=true' } });

  // The Space column: rclone about's figures for the folder's disk.
  const disk = await statfs(folder);
  const total = formatBytes(disk.blocks * disk.bsize);
  // By the name cell: the other rows name this account too ("On the same disk as … and Folder through rclone").
  const row = page.getByTestId('account-row').filter({ has: page.locator('.account-name', { hasText: new RegExp(`^${ACCOUNT}$`) }) });
  await expect(async () => {
    await page.reload();
    await expect(row.getByTestId('account-space')).toHaveText(new RegExp(` free of ${total.replace('.', '\\.')}$`), { timeout: 2_000 });
  }).toPass({ timeout: 60_000 });

  await openScreen(page, raic, 'dashboard');
  const card = page.getByTestId('account-card').filter({ has: page.getByRole('heading', { name: ACCOUNT, exact: true }) });
  await expect(card.getByTestId('account-free')).toHaveText(new RegExp(` free of ${total.replace('.', '\\.')}$`), { timeout: 30_000 });

  await openScreen(page, raic, 'settings');
  await expect(page.getByTestId('rclone-state')).toHaveText(/^RAIC uses rclone v\d+\.\d+.* at \/.*rclone \((found on this computer|the program named by RAIC_RCLONE)\)\.$/);
});
