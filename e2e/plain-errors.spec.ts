/**
 * Issue 20, problem 7 (jargon and raw errors), headless and against real
 * parts: `raic serve` keeping secrets in a real Secret Service
 * (gnome-keyring on a private D-Bus) and a real WebDAV server (rclone).
 * - A WebDAV address where nothing listens: the form says what happened and
 *   what to do in shared/plain-errors' words, never a raw code or a stack,
 *   and nothing is saved.
 * - A WebDAV folder that does not exist: reported as a missing folder (not a
 *   sign-in failure), with "Create the folder", which makes it on the
 *   server's disk and saves the account.
 * - A file's details name its caps in plain words ("sharing code",
 *   "check-only code").
 */
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm, stat, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { expect, test, type Page } from '@playwright/test';
import { explainFailure } from '../shared/plain-errors';
import { startRcloneServer, type RcloneServer } from '../scripts/servers/index';
import { startSecretService, type SecretService } from '../scripts/servers/secret-service';
import { openScreen, putThroughServer, startRaicServe, type RunningRaic } from './headless-server';

const MISSING_FOLDER = 'raic-not-made-yet';

let secretService: SecretService;
let webdav: RcloneServer;
let raic: RunningRaic;
let scratch: string;

interface Status {
  accounts: { name: string; status: string }[];
}
const accountNames = async () => (await raic.call<Status>('GET', '/api/v1/status')).accounts.map((a) => a.name);

// Not serial: each journey stands alone, so one failing does not hide what the others find.
test.describe.configure({ timeout: 120_000 });

test.beforeAll(async () => {
  test.setTimeout(180_000);
  secretService = await startSecretService();
  webdav = await startRcloneServer('webdav');
  scratch = await mkdtemp(path.join(os.tmpdir(), 'raic-e2e-plain-errors-'));
  raic = await startRaicServe({ skipSetup: true, env: { ...secretService.env } });
});
test.afterAll(async () => {
  await raic?.stop();
  await webdav?.stop();
  await secretService?.stop();
  if (scratch) await rm(scratch, { recursive: true, force: true });
});

async function fillWebdavForm(page: Page, name: string, address: string) {
  await openScreen(page, raic, 'accounts');
  await page.getByRole('button', { name: 'Add account' }).click();
  await page.getByRole('button', { name: /WebDAV/ }).click();
  await page.getByLabel('Name', { exact: true }).fill(name);
  await page.getByLabel('Folder address').fill(address);
  await page.getByLabel('User name').fill(webdav.user);
  await page.getByLabel('Password', { exact: true }).fill(webdav.password);
}

/** Low-level words a person should never have to read: error codes and stack frames. */
const RAW_CODE = /\bE(CONNREFUSED|CONNRESET|NOTFOUND|TIMEDOUT|HOSTUNREACH)\b|\n\s+at |at \S+ \(.*:\d+:\d+\)|node:internal|TypeError|fetch failed/;

test('nothing listening at the address: plain words, no raw code, nothing saved', async ({ page }) => {
  const name = 'Nobody home';
  const refused = explainFailure('connect ECONNREFUSED 127.0.0.1:1')!;
  expect(refused.kind).toBe('refused');
  await fillWebdavForm(page, name, 'http://127.0.0.1:1/');

  // The connection test first: its failed check is in plain words.
  await page.getByRole('button', { name: 'Test connection' }).click();
  const result = page.getByTestId('connection-test');
  await expect(result).toContainText('The connection test failed', { timeout: 30_000 });
  await expect(result).toContainText(refused.what);
  await expect(result).toContainText(refused.todo);
  // Soft, so the rest of the journey (nothing saved) is still checked when these fail.
  expect.soft(await result.innerText()).not.toMatch(RAW_CODE);
  // Nothing answered, so the sign-in was never tried: the failed check must not be headed "Sign-in".
  await expect.soft(result.locator('.check-failed strong').filter({ hasText: /^Sign-in$/ })).toHaveCount(0);

  // Saving tests again, refuses in the same words and saves nothing.
  await page.getByRole('button', { name: 'Save account' }).click();
  const errors = page.getByTestId('form-errors');
  await expect(errors).toContainText('Nothing was saved', { timeout: 30_000 });
  await expect(errors).toContainText(refused.what);
  await expect(errors).toContainText(refused.todo);
  expect.soft(await errors.innerText()).not.toMatch(RAW_CODE);
  expect.soft(await page.locator('form.account-form').innerText()).not.toMatch(RAW_CODE);
  // Nothing is offered to create: the server is not there at all.
  await expect(page.getByTestId('create-folder-offer')).toHaveCount(0);
  expect(await accountNames()).not.toContain(name);
});

test('a WebDAV folder that does not exist: reported as missing, not as a sign-in failure, and created on request', async ({ page }) => {
  const name = 'Home WebDAV';
  const missing = explainFailure('folder /x does not exist')!;
  const signIn = explainFailure('401 Unauthorized')!;
  expect(missing.kind).toBe('missing-folder');
  await expect(stat(path.join(webdav.dataDir, MISSING_FOLDER))).rejects.toThrow();
  await fillWebdavForm(page, name, `${webdav.url}/${MISSING_FOLDER}/`);

  await page.getByRole('button', { name: 'Save account' }).click();
  const errors = page.getByTestId('form-errors');
  await expect(errors).toContainText(missing.what, { timeout: 30_000 });
  await expect(errors).toContainText('Nothing was saved');
  await expect(errors).not.toContainText(signIn.what);
  await expect(errors).not.toContainText(signIn.todo);
  // The internal name of the failed check ("credentials") reads as a sign-in failure: soft, so the offer is still tried.
  await expect.soft(errors).not.toContainText(/\bcredentials\b/);
  expect(await errors.innerText()).not.toMatch(RAW_CODE);
  expect(await accountNames()).not.toContain(name);

  const offer = page.getByTestId('create-folder-offer');
  await expect(offer.getByRole('button', { name: 'Create the folder' })).toBeEnabled();
  await page.screenshot({ path: 'docs/screenshots/account-form-missing-folder.png', fullPage: true });
  await offer.getByRole('button', { name: 'Create the folder' }).click();

  await expect(page.getByRole('status').filter({ hasText: `“${name}” was added.` })).toBeVisible({ timeout: 30_000 });
  expect((await stat(path.join(webdav.dataDir, MISSING_FOLDER))).isDirectory()).toBe(true);
  const row = page.getByTestId('account-row').filter({ hasText: name });
  await expect(row).toHaveCount(1);
  await expect(row.getByTestId('account-status')).toHaveText('Online', { timeout: 30_000 });
  expect(await accountNames()).toContain(name);
});

test('a file’s details call its caps the sharing code and the check-only code', async ({ page }) => {
  const file = path.join(scratch, 'letter.bin');
  await writeFile(file, randomBytes(64 * 1024)); // big enough to be split into shares, so it has both caps
  await putThroughServer(raic, file);

  await openScreen(page, raic, 'files');
  await page.getByTestId('file-row').getByRole('button', { name: 'letter.bin', exact: true }).click();
  const details = page.getByTestId('file-details');
  await expect(details.getByRole('heading', { name: 'letter.bin' })).toBeVisible();
  await expect(details.getByRole('button', { name: 'Copy sharing code' })).toBeVisible();
  await expect(details.getByRole('button', { name: 'Copy check-only code' })).toBeVisible();
  for (const label of await details.getByRole('button').allInnerTexts()) expect(label).not.toMatch(/\bcaps?\b/i);

  // The page says "sharing code" and "check-only code"; Tahoe-LAFS's own terms appear only as a
  // parenthesised gloss after them (issue 20: a term that must stay is explained inline), never as a label.
  const text = await details.innerText();
  expect(text).toContain('sharing code');
  expect(text).toContain('check-only code');
  const withoutGloss = text.replace('(Tahoe-LAFS calls it a read cap)', '').replace('(a verify cap)', '');
  expect(withoutGloss).not.toMatch(/read[- ]?cap|verify[- ]?cap/i);
});
