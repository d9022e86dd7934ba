/**
 * Batched catalog commits are still crash-safe: a process uploading a folder
 * eight files at a time (catalog entries grouped by the commit batcher) is
 * killed with SIGKILL in the middle; the catalog it leaves lists every file it
 * acknowledged, and every file it lists reads back whole from shares that are
 * all on disk.
 */
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { Catalog } from '../catalog/catalog';
import { downloadToBytes } from '../../engine/grid';
import { base32Decode } from '../../engine/chk/base32';
import { temporaryFolder } from '../test-support/catalog';
import { crashGrid } from '../test-support/upload-crash-grid';

const writer = fileURLToPath(new URL('../test-support/upload-crash-writer.ts', import.meta.url));
const FILES = 120;

let folder: ReturnType<typeof temporaryFolder>;
let sources: string;

beforeEach(() => {
  folder = temporaryFolder();
  sources = join(folder.path, 'sources');
  mkdirSync(sources);
  for (let i = 0; i < FILES; i++) writeFileSync(join(sources, `file-${String(i).padStart(3, '0')}.bin`), randomBytes(20_000 + i));
});
afterEach(() => folder.remove());

/** Runs the writer until it acknowledged `acks` uploads, then SIGKILLs it; returns the acknowledged paths. */
function runAndKill(work: string, acks: number): Promise<string[]> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', writer, work, sources], { stdio: ['ignore', 'pipe', 'pipe'] });
    const acked: string[] = [];
    let errors = '';
    let buffered = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
      buffered += chunk;
      const lines = buffered.split('\n');
      buffered = lines.pop()!;
      for (const line of lines) if (line.startsWith('acked ')) acked.push(line.slice('acked '.length));
      if (acked.length >= acks && child.exitCode === null) child.kill('SIGKILL');
    });
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (errors += chunk));
    child.on('error', reject);
    child.on('exit', (_code, signal) => {
      if (signal === 'SIGKILL') resolve(acked);
      else reject(new Error(`the upload writer exited by itself (${acked.length} acked): ${errors}`));
    });
  });
}

describe('batched catalog commits and a crash', () => {
  it('after kill -9 mid-folder, lists every acknowledged file and only files whose shares are all on disk', async () => {
    for (const [run, acks] of [
      ['early', 9],
      ['later', 45],
    ] as const) {
      const work = join(folder.path, run);
      mkdirSync(work);
      const acked = await runAndKill(work, acks);
      expect(acked.length).toBeGreaterThanOrEqual(acks);
      const catalog = Catalog.open(join(work, 'catalog.sqlite'));
      try {
        expect(catalog.db.pragma('integrity_check', { simple: true })).toBe('ok');
        const listed = catalog.allFiles();
        const listedPaths = new Set(listed.map((entry) => entry.path));
        for (const path of acked) expect(listedPaths.has(path), `${path} was acknowledged`).toBe(true);
        expect(listed.length).toBeLessThan(FILES); // killed mid-folder, not after it
        const grid = crashGrid(work);
        const byId = new Map(grid.servers.map((server) => [server.serverId, server]));
        for (const entry of listed) {
          expect(entry.placements.length).toBeGreaterThanOrEqual(4);
          for (const placement of entry.placements) {
            // getBuckets lists only closed shares (renamed into shares/ after their fsync), never incoming ones.
            const held = await byId.get(placement.accountId)!.getBuckets(base32Decode(entry.storageIndex!));
            expect(held.has(placement.shareNumber), `${entry.path}: share ${placement.shareNumber} on ${placement.accountId}`).toBe(true);
          }
          const original = readFileSync(join(sources, entry.path.slice('/crash/'.length)));
          expect(Buffer.from(await downloadToBytes(grid.servers, entry.cap)).equals(original)).toBe(true);
        }
      } finally {
        catalog.close();
      }
    }
  }, 120_000);
});
