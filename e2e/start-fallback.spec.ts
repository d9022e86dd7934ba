import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { expect, test } from '@playwright/test';

const electronInstalled = existsSync(path.join('node_modules', 'electron', 'path.txt'));

test('npm start says in one line why the desktop app cannot start, then serves headless mode', async ({ page }) => {
  test.skip(electronInstalled, 'Electron is installed here, so npm start opens the desktop app instead (see electron.spec.ts).');
  test.setTimeout(120_000);
  const dataDir = await mkdtemp(path.join(os.tmpdir(), 'raic-start-'));
  const child = spawn(process.execPath, ['scripts/start.mjs', '--port', '0'], {
    env: { ...process.env, RAIC_DATA_DIR: dataDir },
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: true,
  });
  let output = '';
  try {
    const url = await new Promise<string>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no URL within 90 s:\n${output}`)), 90_000);
      const onData = (chunk: Buffer) => {
        output += chunk.toString();
        const match = /^(http:\/\/127\.0\.0\.1:\d+\/#token=[\w-]+)$/m.exec(output);
        if (match) {
          clearTimeout(timer);
          resolve(match[1]!);
        }
      };
      child.stdout!.on('data', onData);
      child.stderr!.on('data', onData);
    });
    const reasonLines = output.split('\n').filter((line) => line.includes('starting headless mode instead'));
    expect(reasonLines).toHaveLength(1);
    expect(reasonLines[0]).toMatch(/Electron's binary is not installed|there is no display/);
    // A fresh data dir opens on the first-run wizard, over the built-in grid of five folders.
    await page.goto(url);
    await expect(page.getByRole('heading', { level: 2 })).toBeVisible();
    await expect(page.getByText('Step 1 of 4')).toBeVisible();
    const base = url.split('#')[0]!;
    const status = await page.request.get(`${base}api/v1/status`, { headers: { Authorization: `Bearer ${url.split('#token=')[1]}` } });
    expect(((await status.json()) as { accounts: unknown[] }).accounts).toHaveLength(5);
  } finally {
    // The launcher and the server it started share a process group.
    process.kill(-child.pid!, 'SIGTERM');
    await rm(dataDir, { recursive: true, force: true });
  }
});
