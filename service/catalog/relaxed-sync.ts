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

export function withRelaxedSync<T>(db: Database, write: () => T): T {
  // SQLite refuses to change the setting inside a transaction; the write then joins that transaction's commit.
  if (db.inTransaction) return write();
  // exec, not a statement prepared once: SQLite applies this PRAGMA while preparing it and re-prepares a
  // prepared one at every run anyway (measured: a reprepare per run, and the first run after preparing
  // both settings left the other one in force), so preparing it once saved nothing.
  db.exec('PRAGMA synchronous = NORMAL');
  try {
    return write();
  } finally {
    db.exec('PRAGMA synchronous = FULL');
  }
}
