/**
 * Restoring folders in the browser against a real `raic serve` in real
 * Chromium: a folder tree uploaded with Upload folder, the local copy deleted,
 * then "Download folder" on its row and "Restore everything" in the toolbar
 * each give one ZIP archive that Debian's unzip unpacks to the same files,
 * bytes and modification times (to the second a ZIP keeps).
 */
import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdirSync, readdirSync, readFileSync, rmSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { expect, test, type Page } from '@playwright/test';
import { listTree } from './tree';
import { startRaicServe, type RunningRaic } from './headless-server';

/** name -> [bytes, modification time in ms]; the times are ones the upload could not have made up. */
const TREE: Record<string, [Buffer, number]> = {
  'readme.txt': [Buffer.from('Holiday pictures, sorted by day.\n'), Date.UTC(2021, 6, 1, 8, 30, 12)],
  'day1/lake.jpg': [randomBytes(300 * 1024), Date.UTC(2021, 6, 2, 17, 45, 20)],
  'day1/notes/menu.txt': [randomBytes(70 * 1024), Date.UTC(2021, 6, 2, 20, 1, 2)],
  'day2/hill.jpg': [randomBytes(150 * 1024 + 7), Date.UTC(2021, 6, 3, 11, 0, 44)],
};

let raic: RunningRaic;
test.beforeAll(async () => {
  raic = await startRaicServe({ skipSetup: true });
});
test.afterAll(async () => {
  await raic?.stop();
});
test.describe.configure({ mode: 'serial' });

function expectTree(root: string): void {
  expect(listTree(root)).toEqual(Object.keys(TREE).sort());
  for (const [name, [bytes, modifiedAt]] of Object.entries(TREE)) {
    const file = path.join(root, ...name.split('/'));
    expect(readFileSync(file).equals(bytes), name).toBe(true);
    expect(Math.floor(statSync(file).mtimeMs / 1000), name).toBe(Math.floor(modifiedAt / 1000));
  }
}

async function saveDownload(page: Page, click: () => Promise<void>, expectedName: string): Promise<string> {
  const downloading = page.waitForEvent('download');
  await click();
  const download = await downloading;
  expect(download.suggestedFilename()).toBe(expectedName);
  const saved = path.join(raic.dataDir, `saved-${randomBytes(4).toString('hex')}.zip`);
  await download.saveAs(saved);
  return saved;
}

test('a folder tree comes back from Download folder and Restore everything as ZIP archives with the same files and times', async ({ page }) => {
  const album = path.join(raic.dataDir, 'upload-source', 'Album');
  for (const [name, [bytes, modifiedAt]] of Object.entries(TREE)) {
    const file = path.join(album, ...name.split('/'));
    mkdirSync(path.dirname(file), { recursive: true });
    writeFileSync(file, bytes);
    utimesSync(file, modifiedAt / 1000, modifiedAt / 1000);
  }

  await page.goto(raic.url);
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Files' }).click();
  await expect(page.getByRole('heading', { name: 'Files', exact: true, level: 2 })).toBeVisible();
  await page.getByTestId('upload-folder-input').setInputFiles(album);
  const panel = page.getByTestId('transfers-panel');
  await expect(panel.locator('[data-testid=job-row][data-state=done]')).toHaveCount(4, { timeout: 30_000 });
  const albumRow = page.getByTestId('folder-row').filter({ hasText: 'Album' });
  await expect(albumRow).toContainText('4 files');

  // The local copy is lost; only RAIC has it now.
  rmSync(album, { recursive: true });

  const folderZip = await saveDownload(page, () => albumRow.getByRole('button', { name: 'Download folder Album' }).click(), 'Album.zip');
  const unpacked = path.join(raic.dataDir, 'unpacked-album');
  execFileSync('unzip', ['-q', folderZip, '-d', unpacked]);
  expectTree(unpacked);
  // The click did not open the folder: the list still shows All files.
  await expect(albumRow).toBeVisible();

  const everything = await saveDownload(page, () => page.getByRole('toolbar', { name: 'Files actions' }).getByRole('button', { name: 'Restore everything' }).click(), 'RAIC files.zip');
  const unpackedAll = path.join(raic.dataDir, 'unpacked-all');
  execFileSync('unzip', ['-q', everything, '-d', unpackedAll]);
  expect(readdirSync(unpackedAll)).toEqual(['Album']);
  expectTree(path.join(unpackedAll, 'Album'));
});
