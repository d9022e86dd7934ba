import { randomBytes } from 'node:crypto';
import { mkdir, mkdtemp, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { base32Encode } from '../../engine/chk/base32';
import { storeShare } from '../../engine/storage/conformance/fixtures';
import { LocalFolderStorageServer, shareFileBytes } from '../../engine/storage/local';
import { storedBytesOfShares } from '../../engine/storage/lease-collection';
import { MeasuredUsage } from './measured-usage';
import { ReferenceIndex } from './references';

const dirs: string[] = [];
afterEach(async () => {
  for (const dir of dirs.splice(0)) await rm(dir, { recursive: true, force: true });
});

async function usageWithOneAccount(): Promise<{ usage: MeasuredUsage; file: string }> {
  const dataDir = await mkdtemp(path.join(tmpdir(), 'raic-measured-'));
  dirs.push(dataDir);
  await mkdir(path.join(dataDir, 'private'));
  const file = path.join(dataDir, 'private', 'measured-usage.json');
  const account = { accountId: 'a1', bytes: { files: 100, versions: 0, trash: 0, catalogBackups: 0, orphans: 0, unreferenced: 0 }, total: 100, shareCount: 1, measuredAt: Date.now() };
  await writeFile(file, JSON.stringify({ accounts: [account] }));
  const usage = new MeasuredUsage({ dataDir, servers: async () => [], references: new ReferenceIndex(() => []) });
  return { usage, file };
}

const savedTotal = async (file: string): Promise<number> => (JSON.parse(await readFile(file, 'utf8')) as { accounts: { total: number }[] }).accounts[0]!.total;

describe('measured usage', () => {
  it('keeps many adjustments in memory and writes them once on flush', async () => {
    const { usage, file } = await usageWithOneAccount();
    for (let i = 0; i < 50; i++) await usage.adjust('a1', 'files', 10, 1);
    expect(await savedTotal(file)).toBe(100);
    await usage.flush();
    expect(await savedTotal(file)).toBe(600);
    const { accounts } = await usage.current();
    expect(accounts.get('a1')?.shareCount).toBe(51);
  });

  it('writes adjustments by itself after a quiet second', async () => {
    const { usage, file } = await usageWithOneAccount();
    await usage.adjust('a1', 'files', 25);
    expect(await savedTotal(file)).toBe(100);
    const deadline = Date.now() + 3_000;
    while ((await savedTotal(file)) !== 125 && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 100));
    expect(await savedTotal(file)).toBe(125);
  });
});

/** Sum of the share files' sizes (named by their share number) under `dir`, by a plain walk with stat. */
async function shareBytesOnDisk(dir: string): Promise<number> {
  let total = 0;
  for (const entry of await readdir(dir, { withFileTypes: true }).catch(() => [])) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) total += await shareBytesOnDisk(full);
    else if (entry.isFile() && /^\d+$/.test(entry.name)) total += (await stat(full)).size;
  }
  return total;
}

describe('measured usage of a local folder', () => {
  it('counts the bytes on disk, trailers included, when listed and when RAIC notes the shares it stored', async () => {
    const dataDir = await mkdtemp(path.join(tmpdir(), 'raic-measured-local-'));
    dirs.push(dataDir);
    const root = path.join(dataDir, 'folder');
    const server = new LocalFolderStorageServer({ serverId: 'usb', nickname: 'USB disk', root });
    const live = randomBytes(16);
    const trashed = randomBytes(16);
    const references = new ReferenceIndex(() => [
      { category: 'files', revision: () => 1, list: () => [{ storageIndex: base32Encode(live), category: 'files', placements: [] }] },
      { category: 'trash', revision: () => 1, list: () => [{ storageIndex: base32Encode(trashed), category: 'trash', placements: [] }] },
    ]);
    const usage = new MeasuredUsage({ dataDir, servers: async () => [server], references });
    for (const n of [0, 1, 2]) await storeShare(server, live, n, randomBytes(1000));
    await storeShare(server, trashed, 0, randomBytes(500));

    const { accounts } = await usage.current();
    const listed = accounts.get('usb')!;
    expect(listed.total).toBe(await shareBytesOnDisk(root));
    expect(listed.bytes).toMatchObject({ files: 3 * shareFileBytes(1000), trash: shareFileBytes(500), orphans: 0, unreferenced: 0 });

    // A new upload's shares (their own bytes, as the upload knows them, converted as the service does) land where the next listing puts them.
    for (const n of [3, 4]) await storeShare(server, live, n, randomBytes(1000));
    await usage.noteStoredShares('usb', 'files', storedBytesOfShares(server, 2 * 1000, 2), 2);
    const noted = (await usage.current()).accounts.get('usb')!;
    expect(noted.total).toBe(await shareBytesOnDisk(root));
    expect(noted.shareCount).toBe(6);
    await usage.reconcile();
    expect((await usage.current()).accounts.get('usb')!.total).toBe(noted.total);
    await usage.flush();
  });

  it('lists again figures saved by a version that left the trailers out', async () => {
    const { file } = await usageWithOneAccount();
    const dataDir = path.dirname(path.dirname(file));
    // Saved by the earlier version (no `counts`) a moment ago: 100 bytes, though the folder is empty now.
    const server = new LocalFolderStorageServer({ serverId: 'a1', nickname: 'one', root: path.join(dataDir, 'folder') });
    const usage = new MeasuredUsage({ dataDir, servers: async () => [server], references: new ReferenceIndex(() => []) });
    expect((await usage.current()).accounts.get('a1')!.total).toBe(0);
    expect(JSON.parse(await readFile(file, 'utf8'))).toMatchObject({ counts: 2, accounts: [{ accountId: 'a1', total: 0 }] });
  });
});
