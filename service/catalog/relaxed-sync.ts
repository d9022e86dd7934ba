/**
 * Writes that need not reach the disk by themselves. The catalog commits with
 * synchronous=FULL (an fsync of the WAL per transaction). In WAL mode,
 * synchronous=NORMAL commits without that fsync and stays consistent: a
 * killed process loses nothing (the WAL is in the OS's cache), and a power
 * cut loses at most the newest such commits, never one that an earlier FULL
 * commit came after, because the WAL is replayed in order. The next FULL
 * commit (a file listed by an upload, any catalog change) makes them durable
 * too.
 *
 * For bookkeeping whose loss only repeats work that is safe to repeat: a
 * job's start, progress and end (a job found 'running' after a restart runs
 * again, and uploads are convergent).
 */
import type Database from './sqlite';

import type { Statement } from './sqlite';

interface SyncSettings {
  normal: Statement<[]>;
  full: Statement<[]>;
}

/** Prepared once per connection: a job's start and end each switch twice, and parsing the PRAGMA every time showed in profiles. */
const settingsByDb = new WeakMap<Database, SyncSettings>();

function syncSettings(db: Database): SyncSettings {
  let settings = settingsByDb.get(db);
  if (!settings) {
    settings = { normal: db.prepare<[]>('PRAGMA synchronous = NORMAL'), full: db.prepare<[]>('PRAGMA synchronous = FULL') };
    settingsByDb.set(db, settings);
  }
  return settings;
}

export function withRelaxedSync<T>(db: Database, write: () => T): T {
  // SQLite refuses to change the setting inside a transaction; the write then joins that transaction's commit.
  if (db.inTransaction) return write();
  const settings = syncSettings(db);
  settings.normal.run();
  try {
    return write();
  } finally {
    settings.full.run();
  }
}
