/**
 * The Files screen as a file manager, in real Chromium against a real
 * `raic serve` (issue 20, problems 4 and 5): folders renamed (a taken name
 * refused with what to do), moved, deleted to the Trash and back, downloaded
 * as a ZIP that unpacks to the same tree; several items chosen with
 * ctrl-click, shift-click, checkboxes and the keyboard, then moved, deleted
 * and downloaded together; the re-encode notice staying on every screen
 * until re-encoding is done; and restoring a lost RAIC from its recovery key
 * in the setup wizard of a fresh data folder, after which its files are back.
 */
import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { expect, test, type Page } from '@playwright/test';
import { listTree } from './tree';
import type { GridStatus } from '../shared/api';
import { putThroughServer, startRaicServe, type RunningRaic } from './headless-server';

test.describe.configure({ mode: 'serial' });

const scratch = mkdtempSync(path.join(os.tmpdir(), 'raic-file-manager-'));
test.afterAll(() => rmSync(scratch, { recursive: true, force: true }));

/** Writes `bytes` to a scratch file and stores it at `target` through the server. */
async function store(raic: RunningRaic, target: string, bytes: Buffer): Promise<void> {
  const file = path.join(scratch, `source-${randomBytes(4).toString('hex')}`);
  writeFileSync(file, bytes);
  await putThroughServer(raic, file, target);
}

async function openFilesAt(page: Page, raic: RunningRaic) {
  await page.goto(raic.url);
  await openNav(page, 'Files');
}

async function openNav(page: Page, name: 'Files' | 'Dashboard' | 'Settings' | 'Trash') {
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name, exact: true }).click();
}

const folderRow = (page: Page, name: string) => page.getByTestId('folder-row').filter({ has: page.getByRole('link', { name, exact: true }) });
const fileRow = (page: Page, name: string) => page.getByTestId('file-row').filter({ has: page.getByRole('button', { name, exact: true }) });
const notice = (page: Page) => page.locator('.files-notice');
const chosenBar = (page: Page) => page.getByTestId('chosen-bar');

test.describe('folders and several items at once', () => {
  let raic: RunningRaic;
  const TREE: Record<string, Buffer> = {
    'alpha/a.txt': Buffer.from('first file of alpha\n'),
    'alpha/sub/b.bin': randomBytes(120 * 1024),
    'beta.txt': randomBytes(70 * 1024),
    'delta.txt': randomBytes(80 * 1024),
    'gamma.txt': randomBytes(90 * 1024),
  };
  test.beforeAll(async () => {
    raic = await startRaicServe({ skipSetup: true });
    for (const [name, bytes] of Object.entries(TREE)) await store(raic, `/Projects/${name}`, bytes);
    await store(raic, '/Other/x.txt', Buffer.from('x'.repeat(100)));
  });
  test.afterAll(async () => {
    await raic?.stop();
  });

  test('a folder is renamed (a taken name is refused with what to do), moved, downloaded as the same tree, deleted and brought back', async ({ page }) => {
    await openFilesAt(page, raic);
    await folderRow(page, 'Projects').getByRole('button', { name: 'Rename folder Projects' }).click();
    const rename = page.getByRole('dialog', { name: 'Rename the folder Projects' });
    await rename.getByLabel('New name').fill('Other');
    await rename.getByRole('button', { name: 'Rename' }).click();
    await expect(rename.getByRole('alert')).toHaveText('Something named "Other" is already in this folder; choose another name, or rename that one first.');
    await rename.getByLabel('New name').fill('Work');
    await rename.getByLabel('New name').press('Enter');
    await expect(notice(page)).toHaveText('Renamed the folder Projects to Work.');
    await expect(folderRow(page, 'Work')).toContainText('5 files');
    await expect(folderRow(page, 'Projects')).toHaveCount(0);

    // The open folder's own "Rename folder" lands in the renamed folder.
    await folderRow(page, 'Work').getByRole('link', { name: 'Work' }).click();
    await page.getByRole('toolbar', { name: 'Files actions' }).getByRole('button', { name: 'Rename folder' }).click();
    await page.getByRole('dialog', { name: 'Rename the folder Work' }).getByLabel('New name').fill('Work 2024');
    await page.getByRole('dialog', { name: 'Rename the folder Work' }).getByRole('button', { name: 'Rename' }).click();
    await expect(page.getByRole('navigation', { name: 'Folder' }).locator('[aria-current=page]')).toHaveText('Work 2024');
    await expect(notice(page)).toHaveText('Renamed the folder to Work 2024.');

    // Move alpha (with its subfolder) into /Other with its checkbox and "Move to…".
    await folderRow(page, 'alpha').getByRole('checkbox', { name: 'Choose alpha' }).check();
    await expect(chosenBar(page)).toContainText('1 folder chosen');
    await chosenBar(page).getByRole('button', { name: 'Move to…' }).click();
    const move = page.getByRole('dialog', { name: 'Move 1 folder' });
    await move.getByLabel('Into the folder').fill('/Other');
    await move.getByRole('button', { name: 'Move' }).click();
    await expect(notice(page)).toHaveText('Moved 1 folder to /Other.');
    await expect(folderRow(page, 'alpha')).toHaveCount(0);

    // Downloaded from its new place: the ZIP unpacks to the same files and bytes.
    await page.getByRole('navigation', { name: 'Folder' }).getByRole('link', { name: 'All files' }).click();
    await folderRow(page, 'Other').getByRole('link', { name: 'Other' }).click();
    const downloading = page.waitForEvent('download');
    await folderRow(page, 'alpha').getByRole('button', { name: 'Download folder alpha' }).click();
    const download = await downloading;
    expect(download.suggestedFilename()).toBe('alpha.zip');
    const zip = path.join(scratch, 'alpha.zip');
    await download.saveAs(zip);
    const unpacked = path.join(scratch, 'unpacked-alpha');
    execFileSync('unzip', ['-q', zip, '-d', unpacked]);
    expect(listTree(unpacked)).toEqual(['a.txt', 'sub/b.bin']);
    for (const name of ['a.txt', 'sub/b.bin']) expect(readFileSync(path.join(unpacked, name)).equals(TREE[`alpha/${name}`]!), name).toBe(true);

    // Delete it (keyboard: Space on its checkbox, then the Delete key), then Undo brings the whole tree back.
    const box = folderRow(page, 'alpha').getByRole('checkbox', { name: 'Choose alpha' });
    await box.focus();
    await page.keyboard.press('Space');
    await expect(box).toBeChecked();
    await page.keyboard.press('Delete');
    const confirm = page.getByRole('dialog', { name: 'Delete 1 folder?' });
    await confirm.getByRole('button', { name: 'Delete 1 folder' }).click();
    await expect(notice(page)).toContainText('1 folder deleted. They are in the Trash.');
    await expect(folderRow(page, 'alpha')).toHaveCount(0);
    await notice(page).getByRole('button', { name: 'Undo' }).click();
    await expect(notice(page)).toHaveText('1 folder is back.');
    await expect(folderRow(page, 'alpha')).toContainText('2 files');
  });

  test('several files chosen with ctrl and shift are deleted together, come back with Undo, then move and download together', async ({ page }) => {
    await openFilesAt(page, raic);
    await folderRow(page, 'Work 2024').getByRole('link', { name: 'Work 2024' }).click();
    await expect(page.getByTestId('file-row')).toHaveCount(3);

    // ctrl-click beta, shift-click gamma: beta, delta and gamma (the list's order); ctrl-click delta again leaves it out.
    await fileRow(page, 'beta.txt').getByTestId('file-size').click({ modifiers: ['Control'] });
    await fileRow(page, 'gamma.txt').getByTestId('file-size').click({ modifiers: ['Shift'] });
    await expect(chosenBar(page)).toContainText('3 files chosen');
    await fileRow(page, 'delta.txt').getByTestId('file-size').click({ modifiers: ['Control'] });
    await expect(chosenBar(page)).toContainText('2 files chosen');
    await expect(fileRow(page, 'beta.txt').getByRole('checkbox')).toBeChecked();
    await expect(fileRow(page, 'delta.txt').getByRole('checkbox')).not.toBeChecked();
    await expect(fileRow(page, 'gamma.txt').getByRole('checkbox')).toBeChecked();
    // Choosing with modifiers did not open any file's details.
    await expect(page.locator('#file-details')).toHaveCount(0);

    await chosenBar(page).getByRole('button', { name: 'Delete', exact: true }).click();
    const confirm = page.getByRole('dialog', { name: 'Delete 2 files?' });
    await expect(confirm).toContainText('beta.txt, gamma.txt move to the Trash');
    await confirm.getByRole('button', { name: 'Delete 2 files' }).click();
    await expect(notice(page)).toContainText('2 files deleted. They are in the Trash.');
    await expect(page.getByTestId('file-row')).toHaveCount(1);
    await notice(page).getByRole('button', { name: 'Undo' }).click();
    await expect(notice(page)).toHaveText('2 files are back.');
    await expect(page.getByTestId('file-row')).toHaveCount(3);

    // ctrl+A in the list chooses all three; a move into a folder that has one of the names is refused, nothing moves.
    await store(raic, '/Elsewhere/delta.txt', Buffer.from('another delta'));
    await fileRow(page, 'beta.txt').getByRole('checkbox').focus();
    await page.keyboard.press('Control+A');
    await expect(chosenBar(page)).toContainText('3 files chosen');
    await chosenBar(page).getByRole('button', { name: 'Move to…' }).click();
    const move = page.getByRole('dialog', { name: 'Move 3 files' });
    await move.getByLabel('Into the folder').fill('/Elsewhere');
    await move.getByRole('button', { name: 'Move' }).click();
    await expect(move.getByRole('alert')).toHaveText(
      'Nothing was moved. /Elsewhere already has an item named "delta.txt"; rename it (or yours) first, or choose another folder.',
    );
    await move.getByLabel('Into the folder').fill('/Archive/2024');
    await move.getByRole('button', { name: 'Move' }).click();
    await expect(notice(page)).toHaveText('Moved 3 files to /Archive/2024.');
    await expect(page.getByTestId('file-row')).toHaveCount(0);
    const archived = await raic.call<{ files: { name: string }[] }>('POST', '/api/v1/files/list', { folder: '/Archive/2024' });
    expect(archived.files.map((f) => f.name).sort()).toEqual(['beta.txt', 'delta.txt', 'gamma.txt']);

    // Download two of them at once: each arrives with its own bytes.
    await page.goto(`${raic.base}#/files/Archive/2024`);
    await expect(page.getByTestId('file-row')).toHaveCount(3);
    await fileRow(page, 'beta.txt').getByRole('checkbox').check();
    await fileRow(page, 'gamma.txt').getByRole('checkbox').check();
    const saved = new Map<string, Buffer>();
    const allArrived = new Promise<void>((resolve) => {
      page.on('download', (download) => {
        void (async () => {
          const file = path.join(scratch, `dl-${download.suggestedFilename()}`);
          await download.saveAs(file);
          saved.set(download.suggestedFilename(), readFileSync(file));
          if (saved.size === 2) resolve();
        })();
      });
    });
    await chosenBar(page).getByRole('button', { name: 'Download', exact: true }).click();
    await allArrived;
    expect(saved.get('beta.txt')!.equals(TREE['beta.txt']!)).toBe(true);
    expect(saved.get('gamma.txt')!.equals(TREE['gamma.txt']!)).toBe(true);
    mkdirSync('docs/screenshots', { recursive: true });
    await page.screenshot({ path: 'docs/screenshots/files-chosen.png', fullPage: true });
  });
});

test.describe('the re-encode notice', () => {
  let raic: RunningRaic;
  test.beforeAll(async () => {
    raic = await startRaicServe({ skipSetup: true });
    await store(raic, '/one.bin', randomBytes(200 * 1024));
    await store(raic, '/two.bin', randomBytes(100 * 1024));
  });
  test.afterAll(async () => {
    await raic?.stop();
  });

  test('stays on the dashboard and the Files screen across navigation until re-encoding is done', async ({ page }) => {
    // Stored 3-of-5; new files will be 2-of-5 and the stored ones are not re-encoded yet.
    await raic.call('POST', '/api/v1/encoding', { encoding: { needed: 2, happy: 4, total: 5 } });
    await page.goto(raic.url);
    const reencode = page.getByTestId('reencode-notice');
    await expect(reencode).toContainText('2 files use the old encoding');
    for (const screen of ['Files', 'Settings', 'Dashboard', 'Files'] as const) {
      await openNav(page, screen);
      if (screen === 'Settings') await expect(reencode).toHaveCount(0);
      else await expect(reencode).toContainText('2 files use the old encoding');
    }
    await page.reload();
    await expect(reencode).toContainText('2 files use the old encoding');

    await reencode.getByRole('button', { name: 'Re-encode 2 files' }).click();
    await expect(reencode).toContainText(/Re-encoding/);
    // Done: the notice is gone from both screens, also after navigating.
    await expect(async () => {
      await openNav(page, 'Dashboard');
      await openNav(page, 'Files');
      await expect(page.getByRole('heading', { name: 'Files', exact: true, level: 2 })).toBeVisible();
      await expect(reencode).toHaveCount(0, { timeout: 1000 });
    }).toPass({ timeout: 30_000 });
    await openNav(page, 'Dashboard');
    await expect(page.getByTestId('robustness-card')).toBeVisible();
    await expect(reencode).toHaveCount(0);
    const status = await raic.call<{ oldFiles: number; reencoding: number }>('GET', '/api/v1/reencode');
    expect(status).toMatchObject({ oldFiles: 0, reencoding: 0 });
  });
});

test.describe('restore from recovery key', () => {
  test('a fresh data folder gets the lost grid files back through the setup wizard', async ({ page }) => {
    const oldDir = path.join(scratch, 'old-raic');
    const newDir = path.join(scratch, 'new-raic');
    mkdirSync(oldDir);
    mkdirSync(newDir);
    const photo = randomBytes(250 * 1024);
    const note = Buffer.from('a note that must come back\n');

    const old = await startRaicServe({ skipSetup: true, dataDir: oldDir });
    let keyFile: string;
    try {
      const before = Date.now();
      await store(old, '/Photos/lake.jpg', photo);
      await store(old, '/Photos/notes/note.txt', note);
      // The backup of the file list is published a few seconds after the last change.
      await expect(async () => {
        const status = await old.call<GridStatus>('GET', '/api/v1/status');
        expect(status.recovery.lastPublishedAt ?? 0).toBeGreaterThan(before);
        expect(status.recovery.problem).toBeNull();
      }).toPass({ timeout: 30_000 });
      const key = await old.call<{ fileText: string }>('POST', '/api/v1/recovery/key', {});
      keyFile = path.join(scratch, 'raic-recovery-key.txt');
      writeFileSync(keyFile, key.fileText);
    } finally {
      await old.stop();
    }

    // The computer is lost; RAIC starts again on a new data folder, with the old grid's folders (the accounts) still there.
    const fresh = await startRaicServe({ dataDir: newDir });
    try {
      const oldFolders = readdirSync(path.join(oldDir, 'local-storage')).sort();
      expect(oldFolders.length).toBeGreaterThanOrEqual(3);
      for (const [i, folder] of oldFolders.entries()) {
        await fresh.call('POST', '/api/v1/accounts/add', { provider: 'local', name: `Old folder ${i + 1}`, path: path.join(oldDir, 'local-storage', folder) });
      }
      await page.goto(fresh.url);
      await expect(page.getByRole('heading', { name: 'Welcome to RAIC' })).toBeVisible();
      await page.getByRole('button', { name: 'Restore from recovery key' }).click();
      const panel = page.getByTestId('restore-from-key');
      await expect(panel.getByTestId('restore-accounts')).toContainText('Old folder 1');

      // An empty key says what to do; then the key file is opened.
      await panel.getByRole('button', { name: 'Restore my files' }).click();
      await expect(panel.getByRole('alert')).toHaveText('Type or paste the 18 words of your recovery key, or open the recovery key file.');
      await panel.getByTestId('restore-key-file').setInputFiles(keyFile!);
      await expect(panel.getByLabel('The 18 words, or the whole text of the recovery key file')).toHaveValue(/\S/);
      mkdirSync('docs/screenshots', { recursive: true });
      await page.screenshot({ path: 'docs/screenshots/restore-from-key.png', fullPage: true });
      await panel.getByRole('button', { name: 'Restore my files' }).click();
      await expect(page.getByTestId('restore-result')).toContainText('Restored 2 files', { timeout: 30_000 });
      await page.getByRole('button', { name: 'Go to my files' }).click();

      await expect(page.getByRole('heading', { name: 'Files', exact: true, level: 2 })).toBeVisible();
      await folderRow(page, 'Photos').getByRole('link', { name: 'Photos' }).click();
      await expect(fileRow(page, 'lake.jpg')).toBeVisible();
      // The bytes come back from the old accounts: the folder's ZIP unpacks to the same files.
      const downloading = page.waitForEvent('download');
      await page.getByRole('toolbar', { name: 'Files actions' }).getByRole('button', { name: 'Download this folder' }).click();
      const zip = path.join(scratch, 'photos.zip');
      await (await downloading).saveAs(zip);
      const unpacked = path.join(scratch, 'unpacked-photos');
      execFileSync('unzip', ['-q', zip, '-d', unpacked]);
      expect(listTree(unpacked)).toEqual(['lake.jpg', 'notes/note.txt']);
      expect(readFileSync(path.join(unpacked, 'lake.jpg')).equals(photo)).toBe(true);
      expect(readFileSync(path.join(unpacked, 'notes', 'note.txt')).equals(note)).toBe(true);

      // Settings offers the same restore; a second run on the same key lists nothing twice.
      await openNav(page, 'Settings');
      await page.getByRole('button', { name: 'Restore from recovery key…' }).click();
      const dialog = page.getByRole('dialog', { name: 'Restore from recovery key' });
      await dialog.getByLabel('The 18 words, or the whole text of the recovery key file').fill(readFileSync(keyFile!, 'utf8'));
      await dialog.getByRole('button', { name: 'Restore my files' }).click();
      await expect(dialog.getByTestId('restore-result')).toContainText('Restored 0 files (2 already listed here were kept)', { timeout: 30_000 });
      await page.screenshot({ path: 'docs/screenshots/restore-from-key-settings.png' });
    } finally {
      await fresh.stop();
    }
  });
});
