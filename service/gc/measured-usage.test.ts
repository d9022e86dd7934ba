import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
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
