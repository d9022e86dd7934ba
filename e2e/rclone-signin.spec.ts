/**
 * A "Sign in with Google Drive" tile end to end, headless mode: `raic serve`
 * runs real `rclone authorize` against the OAuth2 test server on 127.0.0.1
 * (RAIC_OAUTH_TEST_SERVER, honoured only for an address on this computer;
 * see docs/backends.md), the page shows the link, the test "clicks" it (the
 * test server consents at once) and rclone receives the token.
 *
 * What this can prove from a machine without internet: the sign-in
 * completes (the test server issued a token to RAIC's request), then the
 * connection test fails with a plain sentence because Google cannot be
 * reached, nothing is saved, and the token is neither shown on the page nor
 * written in plain text in the data folder.
 */
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { expect, test } from '@playwright/test';
import { startSecretService, type SecretService } from '../scripts/servers/secret-service';
import { clickThrough, lockSignInPort, startOAuthTestServer, type OAuthTestServer } from '../engine/backends/rclone/test-support/oauth-test-server';
import { openScreen, startRaicServe, type RunningRaic } from './headless-server';

let secretService: SecretService;
let oauth: OAuthTestServer;
let raic: RunningRaic;
let releasePort: () => Promise<void>;

test.beforeAll(async () => {
  test.setTimeout(180_000);
  releasePort = await lockSignInPort();
  secretService = await startSecretService();
  oauth = await startOAuthTestServer({ clientId: 'raic-test-app', clientSecret: 'raic-test-app-secret' });
  raic = await startRaicServe({ skipSetup: true, env: { ...secretService.env, RAIC_OAUTH_TEST_SERVER: oauth.url } });
});
test.afterAll(async () => {
  await raic?.stop();
  await oauth?.close();
  await secretService?.stop();
  await releasePort?.();
});

async function dataDirText(dir: string): Promise<string> {
  const entries = await readdir(dir, { withFileTypes: true, recursive: true });
  const texts = await Promise.all(entries.filter((e) => e.isFile()).map((e) => readFile(path.join(e.parentPath, e.name)).then((b) => b.toString('latin1'))));
  return texts.join('\n');
}

test('Sign in with Google Drive: rclone gets the token; the unreachable provider is said plainly and nothing is saved', async ({ page }) => {
  test.setTimeout(120_000);
  await openScreen(page, raic, 'accounts');
  await page.getByRole('button', { name: 'Add account' }).click();
  const tiles = page.getByTestId('sign-in-tile');
  await expect(tiles).toHaveCount(6);
  await expect(tiles).toContainText(['Google Drive', 'OneDrive', 'Dropbox', 'Box', 'pCloud', 'Yandex Disk']);
  await tiles.filter({ hasText: 'Google Drive' }).click();
  await page.getByLabel('Account name').fill('My Drive');
  await page.getByRole('button', { name: 'Sign in with Google Drive' }).click();

  const link = page.getByTestId('sign-in-link');
  await expect(link).toBeVisible();
  const url = await link.getAttribute('href');
  expect(url).toMatch(/^http:\/\/127\.0\.0\.1:53682\/auth\?state=/);
  await clickThrough(url!);

  const alert = page.getByRole('alert');
  await expect(alert).toContainText('Signed in to Google Drive, but the connection test failed', { timeout: 90_000 });
  await expect(alert).toContainText('Nothing was saved');
  const issued = oauth.issued.filter((t) => t.grant === 'authorization_code');
  expect(issued).toHaveLength(1);
  expect(issued[0]!.clientId).toBe('raic-test-app');

  const tokens = oauth.issued.flatMap((t) => [t.accessToken, t.refreshToken]);
  const pageText = await page.content();
  const onDisk = await dataDirText(raic.dataDir);
  for (const token of tokens) {
    expect(pageText).not.toContain(token);
    expect(onDisk).not.toContain(token);
  }
  const status = await raic.call<{ accounts: { name: string }[] }>('GET', '/api/v1/status');
  expect(status.accounts.map((a) => a.name)).not.toContain('My Drive');
});
