/**
 * kill -9 while the trash and versions change the catalog: every change is
 * one transaction, so after reopening nothing listed or retained is lost or
 * doubled (the row count is the last one reported, or one more for a store
 * in flight), every retained file has all its placements, and the database
 * and its foreign keys are sound.
 */
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, expect, it } from 'vitest';
import { Catalog } from './catalog';
import { temporaryFolder } from '../test-support/catalog';

const writer = fileURLToPath(new URL('../test-support/trash-crash-writer.ts', import.meta.url));
const RUNS = 10;

let folder: ReturnType<typeof temporaryFolder>;
beforeEach(() => {
  folder = temporaryFolder();
});
afterEach(() => folder.remove());

/** Runs the writer until it has reported `changes` changes, then SIGKILLs it; the last reported row count. */
function runAndKill(file: string, seed: number, changes: number): Promise<number> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', writer, file, String(seed)], { stdio: ['ignore', 'pipe', 'pipe'] });
    let rows = -1;
    let reported = 0;
    let errors = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
      for (const match of chunk.matchAll(/committed (\d+) rows (\d+)/g)) {
        reported = Number(match[1]);
        rows = Number(match[2]);
      }
      if (reported >= changes && child.exitCode === null) child.kill('SIGKILL');
    });
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (errors += chunk));
    child.on('error', reject);
    child.on('exit', (_code, signal) => (signal === 'SIGKILL' ? resolve(rows) : reject(new Error(`the writer exited by itself: ${errors}`))));
  });
}

it(`loses and doubles nothing across ${RUNS} seeded kill -9 runs`, async () => {
  const file = join(folder.path, 'catalog.sqlite');
  for (let seed = 1; seed <= RUNS; seed++) {
    const reportedRows = await runAndKill(file, seed, 40 + ((seed * 37) % 200));
    const catalog = Catalog.open(file);
    try {
      expect(catalog.db.pragma('integrity_check', { simple: true })).toBe('ok');
      expect(catalog.db.pragma('foreign_key_check')).toEqual([]);
      const counts = catalog.db
        .prepare<[], { files: number; retained: number; short: number }>(
          `SELECT (SELECT COUNT(*) FROM files) AS files, (SELECT COUNT(*) FROM retained_files) AS retained,
                  (SELECT COUNT(*) FROM retained_files r WHERE (SELECT COUNT(*) FROM retained_placements p WHERE p.retained_id = r.id) <> 5) AS short`,
        )
        .get()!;
      expect([reportedRows, reportedRows + 1]).toContain(counts.files + counts.retained);
      expect(counts.short).toBe(0);
      for (const entry of catalog.allFiles()) expect(entry.placements).toHaveLength(5);
      // Every trash item holds something, or was a folder (which may have been empty).
      const hollow = catalog.db
        .prepare<[], { n: number }>("SELECT COUNT(*) AS n FROM trash_items t WHERE kind = 'file' AND NOT EXISTS (SELECT 1 FROM retained_files r WHERE r.trash_item = t.id)")
        .get()!.n;
      expect(hollow).toBe(0);
    } finally {
      catalog.close();
    }
  }
});
