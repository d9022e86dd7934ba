/** Inputs and checks shared by the peer benchmarks: random files, bytes stored under a folder, trees compared. */
import { createHash, randomFillSync } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { mkdir, open, readdir, readFile, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';

/** `count` files of `size` random bytes each (none alike, so nothing deduplicates), in a new folder. */
export async function writeSmallFiles(folder: string, count: number, size: number): Promise<void> {
  await mkdir(folder, { recursive: true });
  const bytes = Buffer.allocUnsafe(size);
  for (let i = 0; i < count; i++) {
    randomFillSync(bytes);
    await writeFile(path.join(folder, `photo-${String(i).padStart(4, '0')}.jpg`), bytes);
  }
}

export async function writeRandomFile(file: string, size: number): Promise<void> {
  const handle = await open(file, 'w');
  const chunk = Buffer.allocUnsafe(8 << 20);
  try {
    for (let offset = 0; offset < size; offset += chunk.length) {
      const length = Math.min(chunk.length, size - offset);
      randomFillSync(chunk, 0, length);
      await handle.write(chunk, 0, length, offset);
    }
  } finally {
    await handle.close();
  }
}

/** Sum of the sizes of every file under `folder` (0 if it does not exist). */
export async function bytesUnder(folder: string): Promise<number> {
  let total = 0;
  const entries = await readdir(folder, { withFileTypes: true }).catch(() => []);
  for (const entry of entries) {
    const full = path.join(folder, entry.name);
    total += entry.isDirectory() ? await bytesUnder(full) : entry.isFile() ? (await stat(full)).size : 0;
  }
  return total;
}

export async function sha256OfFile(file: string): Promise<string> {
  const hash = createHash('sha256');
  for await (const chunk of createReadStream(file)) hash.update(chunk as Buffer);
  return hash.digest('hex');
}

/** Throws unless every file of `original` is in `copy` with the same bytes. */
export async function expectSameFiles(original: string, copy: string, who: string): Promise<void> {
  for (const name of await readdir(original)) {
    const [a, b] = await Promise.all([readFile(path.join(original, name)), readFile(path.join(copy, name)).catch(() => undefined)]);
    if (!b || !a.equals(b)) throw new Error(`${who}: ${name} did not come back identical`);
  }
}

export const round = (value: number, digits = 2): number => Number(value.toFixed(digits));
