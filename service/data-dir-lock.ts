/**
 * One process per data folder. Two processes on one folder (a `raic upload`
 * while `raic serve` runs) would both run the job queue over the same catalog
 * and staging files: one deletes what the other is uploading. The lock is an
 * exclusive SQLite lock on `raic.lock` held for the process's life: it is a
 * real OS file lock, so it is released when the process exits or is killed
 * and there is never a stale lock to clean up. Beside it, `lock-holder.json`
 * says who holds it, for the message the second process prints.
 */
import path from 'node:path';
import { readFileSync, rmSync } from 'node:fs';
import Database from './catalog/sqlite';
import { writeFileAtomic } from './atomic-file';
import { ensurePrivateFileSync } from './data-dir-privacy';

export interface LockHolder {
  pid: number;
  command: string;
  startedAt: number;
}

export class DataDirLockedError extends Error {
  constructor(
    readonly dataDir: string,
    readonly holder: LockHolder | undefined,
  ) {
    const who = holder ? `process ${holder.pid} ("${holder.command}", started ${new Date(holder.startedAt).toISOString()})` : 'another RAIC process';
    super(
      `The data folder ${dataDir} is in use by ${who}. Only one RAIC can use a data folder at a time: ` +
        'use that one (its window, or the web address `raic serve` printed), or stop it and try again.',
    );
    this.name = 'DataDirLockedError';
  }
}

export class DataDirLock {
  private constructor(
    private readonly db: Database,
    private readonly holderFile: string,
  ) {}

  /** Takes the lock or throws DataDirLockedError naming the holder; never waits. */
  static async acquire(dataDir: string, command: string): Promise<DataDirLock> {
    const lockFile = path.join(dataDir, 'raic.lock');
    const holderFile = path.join(dataDir, 'lock-holder.json');
    ensurePrivateFileSync(lockFile);
    const db = new Database(lockFile, { timeout: 0 });
    try {
      // EXCLUSIVE locking mode keeps the lock after the transaction's first write, until the connection closes.
      db.pragma('locking_mode = EXCLUSIVE');
      db.exec('BEGIN EXCLUSIVE; CREATE TABLE IF NOT EXISTS held (at INTEGER); COMMIT;');
    } catch (error) {
      db.close();
      if (error instanceof Database.SqliteError && error.code.startsWith('SQLITE_BUSY')) throw new DataDirLockedError(dataDir, readHolder(holderFile));
      throw error;
    }
    const holder: LockHolder = { pid: process.pid, command, startedAt: Date.now() };
    // Only read for the message a second process prints while this one runs; after a crash the OS lock is
    // gone and the file is not consulted, so it need not survive a power cut. Its fsync was the first of
    // a `raic get` and waited for whatever the disk still had to write (~150 ms after a big copy).
    await writeFileAtomic(holderFile, `${JSON.stringify(holder)}\n`, 0o600, { durable: false });
    return new DataDirLock(db, holderFile);
  }

  release(): void {
    if (!this.db.open) return;
    rmSync(this.holderFile, { force: true });
    this.db.close();
  }
}

function readHolder(file: string): LockHolder | undefined {
  try {
    const parsed = JSON.parse(readFileSync(file, 'utf8')) as Partial<LockHolder>;
    if (typeof parsed.pid !== 'number' || typeof parsed.command !== 'string' || typeof parsed.startedAt !== 'number') return undefined;
    return { pid: parsed.pid, command: parsed.command, startedAt: parsed.startedAt };
  } catch {
    return undefined;
  }
}
