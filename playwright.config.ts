import { defineConfig } from '@playwright/test';

// Debian's Chromium (apt-get install chromium): Playwright's own browser
// download is not reachable on the machines RAIC is tested on.
export const CHROMIUM_PATH = process.env.RAIC_CHROMIUM ?? '/usr/lib/chromium/chromium';

export default defineConfig({
  testDir: 'e2e',
  // Its own folder: Playwright empties outputDir on every run, and test-results/reliability holds the reliability records.
  outputDir: 'test-results/playwright',
  timeout: 60_000,
  workers: 1,
  // One more try for a test that fails: the list reporter marks one that passes on its second try as
  // "flaky", so the failure stays in the output to be read and mended, without holding back the rest
  // (a keyring daemon dying under load, a page still drawing as a click lands). Twice failing still fails.
  retries: 1,
  // The second reporter prints why a test was skipped (e.g. no Electron binary on this machine).
  reporter: [['list'], ['./e2e/skip-reasons-reporter.ts']],
  use: {
    launchOptions: {
      executablePath: CHROMIUM_PATH,
      args: ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
    },
    viewport: { width: 1280, height: 800 },
  },
});
