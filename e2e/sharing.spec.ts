import { expect, test } from '@playwright/test';
import { openScreen, startRaicServe, type RunningRaic } from './headless-server';

let raic: RunningRaic;
test.beforeAll(async () => {
  raic = await startRaicServe({ skipSetup: true });
});
test.afterAll(async () => {
  await raic?.stop();
});

test('an account can be shared over the Tahoe-LAFS protocol, showing its NURL and servers.yaml entry', async ({ page }) => {
  await openScreen(page, raic, 'accounts');
  await page.getByRole('button', { name: 'Edit Local folder 1' }).click();
  const panel = page.getByTestId('sharing-panel');
  // The switch follows the service's answer, so it is clicked and then expected on.
  const share = panel.getByLabel('Share this storage over the Tahoe-LAFS protocol');
  await share.click();
  await expect(share).toBeChecked();
  const nurl = panel.getByLabel(/^NURL/);
  await expect(nurl).toHaveValue(/^pb:\/\/[A-Za-z0-9_-]{43}@127\.0\.0\.1:\d+\/[A-Za-z0-9_-]+#v=1$/);
  await panel.getByText('servers.yaml entry for a Tahoe-LAFS client').click();
  await expect(panel.locator('pre')).toContainText('anonymous-storage-NURLs');
  await panel.screenshot({ path: 'docs/screenshots/sharing.png' });
  // The server really answers: the version endpoint over HTTPS needs the swissnum, so an anonymous call is refused.
  const port = /:(\d+)\//.exec(await nurl.inputValue())![1];
  const status = await fetch(`https://127.0.0.1:${port}/storage/v1/version`).then(
    (r) => r.status,
    () => 'tls',
  );
  expect(['tls', 401]).toContain(status);
  await share.click();
  await expect(share).not.toBeChecked();
  await expect(nurl).toHaveCount(0);
});
