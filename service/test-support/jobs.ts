/** Helpers for the job runner's tests: real database files in a temporary folder, and bounded waits. */
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import Database from '../catalog/sqlite';

export interface TempDatabases {
  file: string;
  /** Opens (or reopens) the database file, as the catalog would: in WAL mode. */
  open(): Database.Database;
  /** Closes every connection opened here and deletes the folder. */
  dispose(): Promise<void>;
}

export async function tempDatabases(): Promise<TempDatabases> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'raic-jobs-'));
  const file = path.join(dir, 'catalog.sqlite');
  const opened: Database.Database[] = [];
  return {
    file,
    open() {
      const db = openJobDatabase(file);
      opened.push(db);
      return db;
    },
    async dispose() {
      for (const db of opened) if (db.open) db.close();
      await rm(dir, { recursive: true, force: true });
    },
  };
}

export function openJobDatabase(file: string): Database.Database {
  const db = new Database(file);
  db.pragma('journal_mode = WAL');
  return db;
}

/** Rejects, naming what was awaited, if `promise` takes longer than `ms`. */
export async function withTimeout<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what} did not happen within ${ms} ms`)), ms);
  });
  try {
    return await Promise.race([promise, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

export interface Deferred<T> {
  promise: Promise<T>;
  resolve(value: T): void;
  reject(error: unknown): void;
}

export function deferred<T = void>(): Deferred<T> {
  let resolve!: (value: T) => void;
  let reject!: (error: unknown) => void;
  const promise = new Promise<T>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { promise, resolve, reject };
}

/** A handler body that runs until its signal aborts, then rejects as a well-behaved handler does. */
export function untilAborted(signal: AbortSignal): Promise<never> {
  return new Promise((_, reject) => {
    if (signal.aborted) reject(signal.reason);
    signal.addEventListener('abort', () => reject(signal.reason), { once: true });
  });
}
