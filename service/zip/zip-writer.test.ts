/**
 * The ZIP writer against two real readers: Debian's Info-ZIP `unzip` (which
 * also restores the modification time from the extended timestamp) and
 * Python's zipfile (which checks every CRC). Classic archives, forced ZIP64
 * on small files, and a real 4 GiB + 1 byte entry followed by a small one
 * whose offset is beyond 4 GiB (written sparse, so it costs no disk).
 */
import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { open, mkdtemp, readFile, readdir, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, expect, it } from 'vitest';
import { ZipWriter, type ZipWriterOptions } from './zip-writer';

let root: string;
beforeEach(async () => {
  root = await mkdtemp(join(tmpdir(), 'raic-zip-'));
});
afterEach(() => rm(root, { recursive: true, force: true }));

interface Entry {
  name: string;
  data?: Buffer;
  modifiedAt: number;
}

const ENTRIES: Entry[] = [
  { name: 'docs', modifiedAt: Date.UTC(2022, 3, 4, 5, 6, 8) },
  { name: 'docs/empty.txt', data: Buffer.alloc(0), modifiedAt: Date.UTC(2021, 0, 1, 0, 0, 2) },
  { name: 'docs/report.pdf', data: randomBytes(200_003), modifiedAt: Date.UTC(2023, 6, 8, 9, 10, 12) },
  { name: 'photos/été 2024/plage.jpg', data: randomBytes(70_000), modifiedAt: Date.UTC(2024, 7, 1, 12, 0, 0) },
  { name: 'top.bin', data: randomBytes(33), modifiedAt: Date.UTC(2019, 1, 2, 3, 4, 6) },
];

async function* chunked(data: Buffer, size = 16_384): AsyncGenerator<Uint8Array> {
  for (let at = 0; at < data.length; at += size) yield data.subarray(at, at + size);
}

async function writeArchive(entries: readonly Entry[], options?: ZipWriterOptions): Promise<string> {
  const file = join(root, 'archive.zip');
  const handle = await open(file, 'w');
  const zip = new ZipWriter(options);
  for (const entry of entries) {
    if (!entry.data) await handle.write(zip.folder(entry.name, entry.modifiedAt));
    else for await (const bytes of zip.file(entry.name, chunked(entry.data), { size: entry.data.length, modifiedAt: entry.modifiedAt })) await handle.write(bytes);
  }
  await handle.write(zip.finish());
  await handle.close();
  return file;
}

/** Python's zipfile: every CRC checked, every name and byte compared; prints the ZIP64 flag it saw per entry. */
function readWithPython(archive: string): { name: string; size: number; sha: string; dateTime: number[] }[] {
  const script = `
import hashlib, json, sys, zipfile
with zipfile.ZipFile(sys.argv[1]) as z:
    assert z.testzip() is None
    print(json.dumps([{"name": i.filename, "size": i.file_size, "sha": hashlib.sha256(z.read(i)).hexdigest(), "dateTime": list(i.date_time)} for i in z.infolist()]))
`;
  return JSON.parse(execFileSync('python3', ['-c', script, archive], { encoding: 'utf8' })) as ReturnType<typeof readWithPython>;
}

const sha = (data: Buffer) => execFileSync('sha256sum', { input: data, encoding: 'utf8' }).split(' ')[0];

async function expectUnpacksToEntries(archive: string): Promise<void> {
  const out = join(root, 'unpacked');
  execFileSync('unzip', ['-q', archive, '-d', out]);
  for (const entry of ENTRIES) {
    const path = join(out, ...entry.name.split('/'));
    const info = await stat(path);
    expect(Math.floor(info.mtimeMs / 1000), entry.name).toBe(Math.floor(entry.modifiedAt / 1000));
    if (entry.data) expect((await readFile(path)).equals(entry.data), entry.name).toBe(true);
    else expect(info.isDirectory()).toBe(true);
  }
  expect((await readdir(out)).sort()).toEqual(['docs', 'photos', 'top.bin']);
  const python = readWithPython(archive);
  expect(python.map((p) => p.name)).toEqual(ENTRIES.map((e) => (e.data ? e.name : `${e.name}/`)));
  for (const [index, entry] of ENTRIES.entries()) if (entry.data) expect(python[index]).toMatchObject({ size: entry.data.length, sha: sha(entry.data) });
}

it('writes a stored archive that unzip and Python unpack to the same files and times', async () => {
  const archive = await writeArchive(ENTRIES);
  const total = ENTRIES.reduce((sum, e) => sum + (e.data?.length ?? 0), 0);
  // Stored, not compressed: the archive is the bytes plus small headers.
  expect((await stat(archive)).size).toBeGreaterThan(total);
  expect((await stat(archive)).size).toBeLessThan(total + 1_000);
  await expectUnpacksToEntries(archive);
  execFileSync('unzip', ['-tq', archive]); // unzip's own integrity test
});

it('writes ZIP64 fields and end records that both readers accept', async () => {
  const archive = await writeArchive(ENTRIES, { forceZip64: true });
  const bytes = await readFile(archive);
  expect(bytes.includes(Buffer.from([0x50, 0x4b, 0x06, 0x06]))).toBe(true); // ZIP64 end of central directory
  await expectUnpacksToEntries(archive);
});

it('refuses bytes that do not match the declared size, unsafe names and duplicates', async () => {
  const zip = new ZipWriter();
  const drain = async (name: string, data: Buffer, size: number) => {
    for await (const bytes of zip.file(name, chunked(data), { size })) void bytes;
  };
  await expect(drain('short.bin', Buffer.alloc(10), 11)).rejects.toThrow(/gave 10 bytes where 11 were expected/);
  await expect(drain('../evil', Buffer.alloc(1), 1)).rejects.toThrow(/cannot be a name inside a ZIP archive/);
  await drain('a.txt', Buffer.alloc(1), 1);
  await expect(drain('a.txt', Buffer.alloc(1), 1)).rejects.toThrow(/already in the archive/);
});

it('stores a file over 4 GiB and one after it beyond the 4 GiB offset', { timeout: 120_000 }, async () => {
  const big = 2 ** 32 + 1;
  const zero = Buffer.alloc(8 * 1024 * 1024);
  async function* zeros(): AsyncGenerator<Uint8Array> {
    for (let left = big; left > 0; left -= zero.length) yield left >= zero.length ? zero : zero.subarray(0, left);
  }
  const small = randomBytes(5_000);
  const file = join(root, 'big.zip');
  const handle = await open(file, 'w');
  let position = 0;
  const write = async (bytes: Uint8Array) => {
    // The zero chunks are skipped (a sparse hole), everything else written where it belongs.
    if (bytes.buffer !== zero.buffer) await handle.write(bytes, 0, bytes.length, position);
    position += bytes.length;
  };
  const zip = new ZipWriter();
  for await (const bytes of zip.file('big.bin', zeros(), { size: big, modifiedAt: Date.UTC(2025, 0, 1) })) await write(bytes);
  for await (const bytes of zip.file('after.bin', chunked(small), { size: small.length, modifiedAt: Date.UTC(2025, 0, 2) })) await write(bytes);
  await write(zip.finish());
  await handle.truncate(position);
  await handle.close();

  const script = `
import json, sys, zipfile
with zipfile.ZipFile(sys.argv[1]) as z:
    infos = z.infolist()
    print(json.dumps({"names": [i.filename for i in infos], "sizes": [i.file_size for i in infos], "offsets": [i.header_offset for i in infos], "after": z.read("after.bin").hex()}))
`;
  const seen = JSON.parse(execFileSync('python3', ['-c', script, file], { encoding: 'utf8' })) as { names: string[]; sizes: number[]; offsets: number[]; after: string };
  expect(seen.names).toEqual(['big.bin', 'after.bin']);
  expect(seen.sizes).toEqual([big, small.length]);
  expect(seen.offsets[1]).toBeGreaterThan(2 ** 32);
  expect(seen.after).toBe(small.toString('hex'));
  // unzip reads the ZIP64 directory too (listing only: extracting would write 4 GiB).
  const listing = execFileSync('unzip', ['-l', file], { encoding: 'utf8' });
  expect(listing).toMatch(new RegExp(`${big}\\s+\\S+\\s+\\S+\\s+big\\.bin`));
  expect(listing).toMatch(/5000\s+\S+\s+\S+\s+after\.bin/);
});
