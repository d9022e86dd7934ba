/**
 * Issue 20, problems 3, 6 and 8, headless and against real parts: `raic
 * serve` on a machine with no keychain (its D-Bus session bus points
 * nowhere, so the real keychain library fails as it does on a NAS) and a
 * real WebDAV server (rclone).
 * - The wizard keeps a filled account form when Next is pressed, and the
 *   account is added through the inline "Keep secrets in an encrypted file"
 *   choice (passphrase twice, strength shown); the password is in the
 *   encrypted file only.
 * - The protection step's options read differently from one another.
 * - The server restarts on the same port: the open tab goes on with the same
 *   token; the secrets file is offered for unlocking, never for creating.
 * - `raic token rotate`: the open tab says in plain words what to do, and
 *   takes the new address pasted into it without a page reload.
 */
import { execFile } from 'node:child_process';
import { mkdtemp, readFile, readdir, rm, mkdir } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { expect, test, type Page } from '@playwright/test';
import { startRcloneServer, type RcloneServer } from '../scripts/servers/index';
import { startRaicServe, type RunningRaic } from './headless-server';

const NO_KEYCHAIN = { DBUS_SESSION_BUS_ADDRESS: 'unix:path=/nonexistent/raic-e2e-no-session-bus' };
const PASSPHRASE = 'plain words keep every secret safe';
const ACCOUNT = 'Home WebDAV';

let webdav: RcloneServer;
let dataDir: string;
let raic: RunningRaic;
let page: Page;

interface Status {
  accounts: { name: string }[];
  secretStore: { kind: string };
}

test.describe.configure({ mode: 'serial', timeout: 180_000 });

test.beforeAll(async ({ browser }) => {
  test.setTimeout(120_000);
  webdav = await startRcloneServer('webdav');
  await mkdir(path.join(webdav.dataDir, 'raic'));
  dataDir = await mkdtemp(path.join(os.tmpdir(), 'raic-e2e-words-'));
  raic = await startRaicServe({ dataDir, env: NO_KEYCHAIN });
  page = await browser.newPage();
});
test.afterAll(async () => {
  await page?.close();
  await raic?.stop();
  await webdav?.stop();
  if (dataDir) await rm(dataDir, { recursive: true, force: true });
});

test('no keychain: the wizard keeps the filled form and adds the account through the inline encrypted-file choice', async () => {
  await page.goto(raic.url);
  await page.getByRole('button', { name: 'Start' }).click();
  await page.getByLabel('Add cloud accounts now').check();
  await page.getByRole('button', { name: /WebDAV/ }).click();
  await page.getByLabel('Name', { exact: true }).fill(ACCOUNT);
  await page.getByLabel('Folder address').fill(`${webdav.url}/raic/`);
  await page.getByLabel('User name').fill(webdav.user);
  await page.getByLabel('Password', { exact: true }).fill(webdav.password);

  // Next with a filled form asks first; staying keeps every value.
  await page.getByRole('button', { name: 'Next' }).click();
  await expect(page.getByTestId('wizard-unsaved')).toContainText('The account you filled in is not saved yet.');
  await page.getByRole('button', { name: 'Stay and save it' }).click();
  await expect(page.getByRole('heading', { name: 'Where should your files go?' })).toBeVisible();
  await expect(page.getByLabel('Name', { exact: true })).toHaveValue(ACCOUNT);

  // Saving meets no keychain: the form offers the encrypted file right there, no paragraph about D-Bus.
  await page.getByRole('button', { name: 'Save account' }).click();
  const choice = page.getByTestId('secrets-file-choice');
  await expect(choice).toContainText('This computer has no keychain RAIC can use', { timeout: 30_000 });
  await expect(page.getByText(/D-Bus|Secret Service/)).toHaveCount(0);
  // The password's help follows where it will be kept.
  await expect(page.getByText(/Stored only in an encrypted secrets file/)).toBeVisible();
  await choice.getByLabel('New passphrase').fill('too short');
  await expect(choice.getByTestId('passphrase-strength')).toContainText('Too short');
  await choice.getByLabel('New passphrase').fill(PASSPHRASE);
  await expect(choice.getByTestId('passphrase-strength')).toContainText('Strong');
  await choice.getByLabel('The same passphrase again').fill(PASSPHRASE);
  await page.screenshot({ path: 'docs/screenshots/account-form-no-keychain.png', fullPage: true });
  await choice.getByRole('button', { name: 'Keep secrets in an encrypted file' }).click();

  await expect(page.getByRole('status').filter({ hasText: `“${ACCOUNT}” was added.` })).toBeVisible({ timeout: 30_000 });
  const status = await raic.call<Status>('GET', '/api/v1/status');
  expect(status.secretStore.kind).toBe('encrypted-file');
  expect(status.accounts.map((a) => a.name)).toContain(ACCOUNT);
  expect(await readdir(path.join(dataDir, 'private'))).toContain('secrets.enc');
  for (const file of ['grid.json', 'private/secrets.enc']) expect((await readFile(path.join(dataDir, file), 'latin1')).includes(webdav.password)).toBe(false);
});

test('the protection step offers no two options that read the same', async () => {
  await page.getByRole('button', { name: 'Next' }).click();
  await expect(page.getByRole('heading', { name: 'How safe should your files be?' })).toBeVisible();
  await page.getByLabel('Survive any 1 failure (an account, or a whole disk or login)').check();
  // The proposal for this goal, not the one still shown for the previous goal.
  await expect(page.getByTestId('proposal')).toContainText('this goal, to survive any 1 failure', { timeout: 30_000 });
  const headlines = page.getByTestId('proposal').locator('.option-words > strong');
  const texts = (await headlines.allTextContents()).map((t) => t.replace('Recommended', '').trim());
  expect(texts.length).toBeGreaterThan(0);
  expect(new Set(texts).size).toBe(texts.length);
  for (const text of texts) expect(text).toMatch(/chance of losing a file (about 1 in|practically never|less than)/);
  await expect(page.getByTestId('proposal')).not.toContainText(/k and n|encodings meet/);
  await page.screenshot({ path: 'docs/screenshots/setup-protection.png', fullPage: true });
  await raic.call('POST', '/api/v1/setup/complete');
});

test('a restart keeps the open tab working with the same token, and the secrets file is offered for unlocking', async () => {
  const port = Number(new URL(raic.base).port);
  const token = raic.token;
  await page.evaluate(() => ((window as unknown as { sameDocument: boolean }).sameDocument = true));
  await raic.stop();
  raic = await startRaicServe({ dataDir, env: NO_KEYCHAIN, port });
  expect(raic.token).toBe(token);

  // The open tab, never reloaded, goes on: its stored token still opens the grid.
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Health', exact: true }).click();
  await expect(page.getByRole('heading', { name: 'Health', exact: true, level: 2 })).toBeVisible({ timeout: 30_000 });
  await expect(page.locator('.error-panel')).toHaveCount(0);
  expect(await page.evaluate(() => (window as unknown as { sameDocument?: boolean }).sameDocument)).toBe(true);

  // Started without a terminal, the file exists and is locked: Settings offers Unlock, never Create.
  expect((await raic.call<Status>('GET', '/api/v1/status')).secretStore.kind).toBe('locked');
  await page.reload();
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Settings', exact: true }).click();
  await expect(page.getByRole('button', { name: 'Unlock' })).toBeVisible({ timeout: 30_000 });
  await expect(page.getByRole('button', { name: 'Create the secrets file' })).toHaveCount(0);
  await page.getByTestId('secret-store').getByLabel('Passphrase').fill(PASSPHRASE);
  await page.getByRole('button', { name: 'Unlock' }).click();
  await expect.poll(async () => (await raic.call<Status>('GET', '/api/v1/status')).secretStore.kind, { timeout: 90_000 }).toBe('encrypted-file');
});

test('a rotated token: the tab says what to do, and takes the new address without a reload', async () => {
  const { stdout } = await promisify(execFile)(process.execPath, ['bin/raic.js', 'token', 'rotate', '--data-dir', dataDir]);
  const rotated = /#token=([A-Za-z0-9_-]+)/.exec(stdout)?.[1];
  expect(rotated).toBeDefined();
  expect(rotated).not.toBe(raic.token);

  await page.evaluate(() => ((window as unknown as { sameDocument: boolean }).sameDocument = true));
  // The status poll (every 2 s) may meet the new token first and put the refusal in place of the
  // whole frame, navigation included; so the tab moves to Health through its address, as a
  // bookmark or a link would, rather than through a link that may already be gone.
  await page.evaluate(() => (window.location.hash = '#/health'));
  const refusal = page.locator('.error-panel').first();
  await expect(refusal).toContainText('This page needs RAIC’s current address', { timeout: 30_000 });
  await expect(refusal).toContainText('Paste the address RAIC printed last');
  await expect(refusal).not.toContainText('could not load your grid');

  await page.goto(`${raic.base}#token=${rotated}`);
  await expect(page.locator('.error-panel')).toHaveCount(0, { timeout: 30_000 });
  await expect(page.getByTestId('health-badge').first()).toBeVisible();
  expect(await page.evaluate(() => (window as unknown as { sameDocument?: boolean }).sameDocument)).toBe(true);
  // The token left the address bar again.
  expect(page.url()).not.toContain(rotated!);
});
