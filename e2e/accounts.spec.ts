/**
 * The Accounts screen against real servers: `raic serve` storing secrets in a
 * real Secret Service (gnome-keyring on a private D-Bus) and a real S3 server
 * (Swift's s3api). A wrong secret fails the connection test in words and
 * saves nothing; the right one saves the account, its secret goes to the
 * keychain and never to grid.json or the page; removal goes through the plan
 * dialog.
 */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { expect, test, type Page } from '@playwright/test';
import { createBucket, startSwiftServer, type SwiftServer } from '../scripts/servers/index';
import { startSecretService, type SecretService } from '../scripts/servers/secret-service';
import { openScreen, startRaicServe, type RunningRaic } from './headless-server';

const BUCKET = 'raic-e2e-accounts';
const ACCOUNT = 'MinIO at home';

let secretService: SecretService;
let swift: SwiftServer;
let raic: RunningRaic;

test.beforeAll(async () => {
  test.setTimeout(180_000);
  secretService = await startSecretService();
  swift = await startSwiftServer();
  await createBucket(swift, BUCKET);
  raic = await startRaicServe({ skipSetup: true, env: { ...secretService.env } });
});
test.afterAll(async () => {
  await raic?.stop();
  await swift?.stop();
  await secretService?.stop();
});

interface Status {
  accounts: { id: string; name: string; status: string; storedSecrets: string[] }[];
  secretStore: { kind: string };
}
const status = () => raic.call<Status>('GET', '/api/v1/status');

async function fillS3Form(page: Page, secret: string) {
  await page.getByLabel('Name', { exact: true }).fill(ACCOUNT);
  await page.getByLabel('Server address').fill(swift.s3.endpoint);
  await page.getByLabel('Region').fill(swift.s3.region);
  await page.getByLabel('Bucket', { exact: true }).fill(BUCKET);
  await page.getByLabel('Access key ID').fill(swift.s3.accessKeyId);
  await page.getByLabel('Secret access key').fill(secret);
}

test('an S3 account: a wrong secret saves nothing, the right one is saved to the keychain, edited without showing it, and removed', async ({ page }) => {
  test.setTimeout(120_000);
  await openScreen(page, raic, 'accounts');
  const rows = page.getByTestId('account-row');
  await expect(rows).toHaveCount(5);
  await expect(rows.filter({ hasText: 'Local folder 1' }).getByTestId('account-status')).toHaveText('Online');

  // Provider tiles, then only that provider's fields.
  await page.getByRole('button', { name: 'Add account' }).click();
  await expect(page.getByRole('heading', { name: 'Add an account' })).toBeFocused();
  await page.getByRole('button', { name: /^MinIO or other S3-compatible/ }).click();
  await expect(page.getByLabel('Name', { exact: true })).toBeFocused();
  await expect(page.getByLabel('Account ID')).toHaveCount(0);
  await expect(page.getByLabel('Folder', { exact: true })).toHaveCount(0);

  // Inline validation: the shared schema's words under the field, on blur.
  await page.getByLabel('Bucket', { exact: true }).fill('No_Such Bucket');
  await page.getByLabel('Bucket', { exact: true }).blur();
  await expect(page.getByLabel('Bucket', { exact: true })).toHaveAccessibleDescription(/^Bucket names use lowercase letters/);
  await expect(page.getByLabel('Bucket', { exact: true })).toHaveAttribute('aria-invalid', 'true');

  // The live preview beside the form.
  // In the preview the new account gets one share of 3-of-5 and the folders' one disk the other four: losing the disk loses files (issue 17).
  await expect(page.getByTestId('robustness-preview')).toContainText('With this account your files would not survive one disk or login failing.');

  // A wrong secret: the test lists the failed check in words; Save refuses and nothing is saved.
  const wrongSecret = 'not-the-right-secret-key';
  await fillS3Form(page, wrongSecret);
  // Before saving, the preview says which disk or login the account would share: this S3 server is a login of its own (issue 17).
  await expect(page.getByTestId('preview-domain')).toHaveText('It would be on its own login, independent of your other accounts.');
  await page.getByRole('button', { name: 'Test connection' }).click();
  const test1 = page.getByTestId('connection-test');
  await expect(test1).toContainText('The connection test failed');
  await expect(test1.locator('.check-failed')).not.toHaveCount(0);
  await expect(test1).toContainText('✗');
  await page.getByRole('button', { name: 'Save account' }).click();
  await expect(page.getByTestId('form-errors')).toContainText('connection test failed');
  await expect(page.getByTestId('form-errors')).toContainText('Nothing was saved');
  expect((await status()).accounts.map((a) => a.name)).not.toContain(ACCOUNT);

  // The right secret: every check passes, then it is saved and shown Online.
  await page.getByLabel('Secret access key').fill(swift.s3.secretAccessKey);
  await page.getByRole('button', { name: 'Test connection' }).click();
  await expect(page.getByTestId('connection-test')).toContainText('The connection works');
  await expect(page.getByTestId('connection-test').locator('.check-failed')).toHaveCount(0);
  await page.screenshot({ path: 'docs/screenshots/add-account.png', fullPage: true });
  await page.getByRole('button', { name: 'Save account' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'was added' })).toBeVisible();
  const row = rows.filter({ hasText: ACCOUNT });
  await expect(row).toContainText('MinIO or other S3-compatible');
  await expect(row.getByTestId('account-status')).toHaveText('Online', { timeout: 30_000 });
  await page.screenshot({ path: 'docs/screenshots/accounts.png', fullPage: true });

  // The secret is in the keychain, not in the config file.
  const afterSave = await status();
  expect(afterSave.secretStore.kind).toBe('keychain');
  const saved = afterSave.accounts.find((a) => a.name === ACCOUNT)!;
  expect(saved.storedSecrets.sort()).toEqual(['accessKeyId', 'secretAccessKey']);
  const lookup = await secretService.secretTool('lookup', 'service', 'RAIC', 'username', `${saved.id}/secretAccessKey`);
  expect(lookup.stdout.trim()).toBe(swift.s3.secretAccessKey);
  const gridJson = await readFile(path.join(raic.dataDir, 'grid.json'), 'utf8');
  expect(gridJson).toContain(BUCKET);
  expect(gridJson).not.toContain(swift.s3.secretAccessKey);

  // Edit: each stored secret says where it is; Replace shows an empty field; the secret is nowhere in the page.
  await row.getByRole('button', { name: `Edit ${ACCOUNT}` }).click();
  const form = page.getByTestId('edit-account-form');
  await expect(form.getByTestId('stored-secret')).toHaveCount(2);
  await expect(form.getByTestId('stored-secret').first()).toHaveText(/Stored in your keychain/);
  await expect(form.getByLabel('Bucket', { exact: true })).toHaveValue(BUCKET);
  await form.getByRole('button', { name: 'Replace secret access key' }).click();
  await expect(form.getByLabel('Secret access key')).toBeFocused();
  await expect(form.getByLabel('Secret access key')).toHaveValue('');
  expect(await page.content()).not.toContain(swift.s3.secretAccessKey);
  await form.getByRole('button', { name: 'Keep the stored secret access key' }).click();
  await form.getByLabel('Name', { exact: true }).fill(`${ACCOUNT} 2`);
  await form.getByRole('button', { name: 'Save changes' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'were saved' })).toBeVisible();
  await expect(rows.filter({ hasText: `${ACCOUNT} 2` })).toHaveCount(1);
  expect(await page.content()).not.toContain(swift.s3.secretAccessKey);

  // Remove: the plan in a dialog first, then move the shares (none here) and remove.
  await rows.filter({ hasText: `${ACCOUNT} 2` }).getByRole('button', { name: `Remove ${ACCOUNT} 2` }).click();
  const dialog = page.getByRole('dialog', { name: `Remove “${ACCOUNT} 2”?` });
  await expect(dialog.getByTestId('removal-message')).toContainText('holds no shares');
  await expect(dialog.getByRole('button', { name: 'Cancel' })).toBeFocused();
  await expect(dialog.getByRole('button', { name: 'Remove anyway' })).toBeEnabled();
  await dialog.getByRole('button', { name: 'Move shares, then remove' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'was removed' })).toBeVisible();
  await expect(rows).toHaveCount(5);
  expect((await status()).accounts.map((a) => a.id)).not.toContain(saved.id);
  // Removing an account deletes its secrets from the keychain too.
  const gone = await secretService.secretTool('lookup', 'service', 'RAIC', 'username', `${saved.id}/secretAccessKey`).catch(() => ({ stdout: '' }));
  expect(gone.stdout.trim()).toBe('');
});

test('disabling and enabling an account from the list', async ({ page }) => {
  await openScreen(page, raic, 'accounts');
  const row = page.getByTestId('account-row').filter({ hasText: 'Local folder 5' });
  await row.getByRole('button', { name: 'Disable Local folder 5' }).click();
  await expect(row.getByTestId('account-status')).toHaveText('Disabled');
  await row.getByRole('button', { name: 'Enable Local folder 5' }).click();
  await expect(row.getByTestId('account-status')).not.toHaveText('Disabled');
  expect((await status()).accounts.find((a) => a.name === 'Local folder 5')!.status).not.toBe('disabled');
});

test('the add-account form says which disk a new folder would share, before it is saved', async ({ page }) => {
  await openScreen(page, raic, 'accounts');
  await page.getByRole('button', { name: 'Add account' }).click();
  await page.getByRole('button', { name: /^Local folder or USB disk/ }).click();
  // Nothing is judged until the folder is typed: an empty path is not the disk RAIC runs from.
  await page.getByLabel('Name', { exact: true }).fill('More photos');
  await expect(page.getByTestId('robustness-preview')).toContainText('With this account');
  await expect(page.getByTestId('preview-domain')).toHaveCount(0);
  // A folder beside the data dir (not made yet): the same disk as the five default folders.
  await page.getByLabel('Folder', { exact: true }).fill(path.join(raic.dataDir, 'more-photos'));
  await expect(page.getByTestId('preview-domain')).toHaveText('It would be on the same disk as Local folders 1-5: if that disk fails, they fail together.');
  expect((await status()).accounts).toHaveLength(5);
});
