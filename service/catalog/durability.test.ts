import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { openSync, readFileSync, statSync, writeSync, closeSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import Database from './sqlite';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { Catalog } from './catalog';
import type { CatalogError, CatalogErrorCode } from './errors';
import { SCHEMA_VERSION } from './schema';
import { CRASH_BATCH, catalogErrorFrom, sampleFile, temporaryFolder } from '../test-support/catalog';

let folder: ReturnType<typeof temporaryFolder>;
let file: string;

beforeEach(() => {
  folder = temporaryFolder();
  file = join(folder.path, 'catalog.sqlite');
});
afterEach(() => folder.remove());

function openError(code: CatalogErrorCode): CatalogError {
  return catalogErrorFrom(() => Catalog.open(file).close(), code);
}

describe('opening a catalog', () => {
  it('says a file of random bytes is damaged, names it and says what to do', () => {
    writeFileSync(file, randomBytes(16_384));
    const error = openError('damaged');
    expect(error.message).toContain(file);
    expect(error.message).toMatch(/recovery key/);
    expect(error.message).toMatch(/Move it away/);
    expect(error.message).not.toMatch(/\n\s+at /);
  });

  it('says a catalog whose tables were overwritten is damaged', () => {
    const catalog = Catalog.open(file);
    catalog.addFiles(Array.from({ length: 200 }, (_, i) => sampleFile(`/f/${i}`, i)));
    catalog.db.pragma('wal_checkpoint(TRUNCATE)');
    catalog.close();
    // Keep page 1 (the header and the schema) so SQLite sees a database, and scribble over the rest.
    const pageSize = 4096;
    const handle = openSync(file, 'r+');
    const pages = statSync(file).size / pageSize;
    for (let page = 1; page < pages; page++) writeSync(handle, randomBytes(pageSize), 0, pageSize, page * pageSize);
    closeSync(handle);
    openError('damaged');
  });

  it('refuses a catalog written by a newer RAIC and says to update', () => {
    Catalog.open(file).close();
    const db = new Database(file);
    db.pragma(`user_version = ${SCHEMA_VERSION + 1}`);
    db.close();
    const error = openError('newer_version');
    expect(error.message).toMatch(/Update RAIC/);
  });

  it('creates the folder the catalog lives in', () => {
    const nested = join(folder.path, 'a', 'b', 'catalog.sqlite');
    Catalog.open(nested).close();
    expect(statSync(nested).isFile()).toBe(true);
  });

  it('reports a catalog path it cannot create in words', () => {
    writeFileSync(join(folder.path, 'not-a-folder'), '');
    expect(() => Catalog.open(join(folder.path, 'not-a-folder', 'catalog.sqlite'))).toThrow(/Cannot open the catalog .*not-a-folder.*writable/);
  });
});

const writer = fileURLToPath(new URL('../test-support/catalog-crash-writer.ts', import.meta.url));

/** Runs the writer until it has reported `commits` commits, then kills it with SIGKILL; returns how many it reported. */
function runAndKill(run: string, commits: number): Promise<number> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', writer, file, run], { stdio: ['ignore', 'pipe', 'pipe'] });
    let reported = 0;
    let errors = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
      const numbers = chunk.match(/committed (\d+)/g) ?? [];
      for (const line of numbers) reported = Math.max(reported, Number(line.slice('committed '.length)));
      if (reported >= commits && child.exitCode === null) child.kill('SIGKILL');
    });
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (errors += chunk));
    child.on('error', reject);
    child.on('exit', (_code, signal) => {
      if (signal === 'SIGKILL') resolve(reported);
      else reject(new Error(`the crash writer exited by itself: ${errors}`));
    });
  });
}

describe('crash safety', () => {
  it('after kill -9 mid-write, reopens with only whole changes and a sound database', async () => {
    for (let run = 0; run < 5; run++) {
      const reported = await runAndKill(`run-${run}`, 5 + run * 7);
      const catalog = Catalog.open(file);
      try {
        expect(catalog.db.pragma('integrity_check', { simple: true })).toBe('ok');
        const batches = catalog.listFolder(`/crash/run-${run}`).folders;
        // Everything reported as committed is there; at most the one batch in flight may be added too.
        expect(batches.length).toBeGreaterThanOrEqual(reported);
        expect(batches.length).toBeLessThanOrEqual(reported + 1);
        for (const batch of batches) expect(batch.fileCount).toBe(CRASH_BATCH);
        for (const entry of catalog.allFiles()) {
          // The first file of a batch has its placements rewritten (delete, then insert) after the
          // batch commits; it must show the old set or the new one, never none or a mix.
          const accounts = new Set(entry.placements.map((p) => p.accountId));
          expect(entry.placements).toHaveLength(5);
          expect([['acct-a', 'acct-b', 'acct-c'], ['acct-x', 'acct-y']]).toContainEqual([...accounts].sort());
        }
      } finally {
        catalog.close();
      }
    }
    expect(readFileSync(file).subarray(0, 16).toString('latin1')).toBe('SQLite format 3\u0000');
  });
});
