import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import Database, { SqliteError } from './sqlite';

const dirs: string[] = [];
const opened: Database[] = [];
const tempFile = (name: string) => {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'raic-sqlite-'));
  dirs.push(dir);
  return path.join(dir, name);
};
const open = (file: string, options?: { timeout?: number }) => {
  const db = new Database(file, options);
  opened.push(db);
  return db;
};
afterEach(() => {
  for (const db of opened.splice(0)) db.close();
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

function codeOf(work: () => unknown): string {
  try {
    work();
  } catch (error) {
    return error instanceof SqliteError ? error.code : `not an SqliteError: ${String(error)}`;
  }
  return 'no error';
}

describe('the SQLite connection (Node-API binding, better-sqlite3 interface)', () => {
  it('runs the catalog settings: WAL, synchronous FULL, foreign keys; pragma with and without simple', () => {
    const db = open(tempFile('a.sqlite'));
    expect(db.pragma('journal_mode = WAL')).toEqual([{ journal_mode: 'wal' }]);
    db.pragma('synchronous = FULL');
    expect(db.pragma('synchronous', { simple: true })).toBe(2);
    expect(db.pragma('foreign_keys', { simple: true })).toBe(1);
    expect(db.pragma('quick_check', { simple: true })).toBe('ok');
  });

  it('binds positional and named parameters and returns plain rows', () => {
    const db = open(tempFile('a.sqlite'));
    db.exec('CREATE TABLE t (id INTEGER PRIMARY KEY, name TEXT, size INTEGER)');
    expect(db.prepare('INSERT INTO t (name, size) VALUES (?, ?)').run('a', 1)).toEqual({ changes: 1, lastInsertRowid: 1 });
    // Extra keys are ignored, as better-sqlite3 does (callers pass `{ id, ...outcome }`).
    db.prepare('INSERT INTO t (name, size) VALUES (@name, @size)').run({ name: 'b', size: 2, unused: 'x' });
    const row = db.prepare<[string], { name: string; size: number }>('SELECT name, size FROM t WHERE name = ?').get('b');
    expect(row).toStrictEqual({ name: 'b', size: 2 });
    expect(Object.getPrototypeOf(row)).toBe(Object.prototype);
    expect(db.prepare('SELECT name FROM t WHERE name = ?').get('none')).toBeUndefined();
    expect(db.prepare('SELECT name FROM t ORDER BY id').all()).toStrictEqual([{ name: 'a' }, { name: 'b' }]);
    const ids = db.prepare<[number], { id: number }>('SELECT id FROM t WHERE size >= ?');
    expect([...ids.iterate(1)]).toStrictEqual([{ id: 1 }, { id: 2 }]);
    for (const first of ids.iterate(1)) {
      expect(first).toEqual({ id: 1 });
      break;
    }
    expect(ids.all(2)).toEqual([{ id: 2 }]);
    expect(codeOf(() => db.prepare('SELECT "name" FROM t WHERE "nope" = 1').get())).toBe('SQLITE_ERROR');
  });

  it('commits, rolls back on a throw, and nests transactions as savepoints', () => {
    const db = open(tempFile('a.sqlite'));
    db.exec('CREATE TABLE t (v TEXT)');
    const insert = db.prepare<[string]>('INSERT INTO t (v) VALUES (?)');
    const count = () => (db.prepare('SELECT COUNT(*) AS n FROM t').get() as { n: number }).n;
    expect(db.transaction((v: string) => (insert.run(v), 'done'))('one')).toBe('done');
    expect(() => db.transaction(() => (insert.run('lost'), expectThrow()))()).toThrow('on purpose');
    expect(count()).toBe(1);
    const outer = db.transaction(() => {
      insert.run('outer');
      try {
        db.transaction(() => (insert.run('inner, undone'), expectThrow()))();
      } catch {
        // The inner part fails alone.
      }
      db.transaction(() => insert.run('inner, kept'))();
      expect(db.inTransaction).toBe(true);
    });
    outer.immediate();
    expect(db.inTransaction).toBe(false);
    expect(db.prepare('SELECT v FROM t').all()).toEqual([{ v: 'one' }, { v: 'outer' }, { v: 'inner, kept' }]);
  });

  it('reports SQLite codes: constraint, not a database, busy', () => {
    const file = tempFile('a.sqlite');
    const db = open(file);
    db.exec('CREATE TABLE t (id INTEGER PRIMARY KEY)');
    db.exec('INSERT INTO t VALUES (1)');
    expect(codeOf(() => db.exec('INSERT INTO t VALUES (1)'))).toBe('SQLITE_CONSTRAINT');

    const junk = tempFile('junk.sqlite');
    writeFileSync(junk, Buffer.alloc(8192, 0x41));
    expect(codeOf(() => open(junk).pragma('journal_mode = WAL'))).toBe('SQLITE_NOTADB');

    db.exec('BEGIN IMMEDIATE');
    const other = open(file, { timeout: 0 });
    expect(codeOf(() => other.exec('INSERT INTO t VALUES (2)'))).toBe('SQLITE_BUSY');
    db.exec('COMMIT');
  });

  it("holds an exclusive lock until closed (the data folder lock's method)", () => {
    const file = tempFile('raic.lock');
    const take = () => open(file, { timeout: 0 }).exec('PRAGMA locking_mode = EXCLUSIVE; BEGIN EXCLUSIVE; CREATE TABLE IF NOT EXISTS held (at INTEGER); COMMIT;');
    const holder = take();
    expect(codeOf(take)).toBe('SQLITE_BUSY');
    holder.close();
    expect(holder.open).toBe(false);
    expect(codeOf(take)).toBe('no error');
  });

  it('really closes: the WAL is folded back and removed, statements stop working', () => {
    const file = tempFile('a.sqlite');
    const db = open(file);
    db.pragma('journal_mode = WAL');
    db.exec('CREATE TABLE t (v)');
    const statement = db.prepare('SELECT v FROM t');
    db.close();
    db.close();
    expect(readdirSync(path.dirname(file))).toEqual(['a.sqlite']);
    expect(() => statement.all()).toThrow();
  });

  it('prepareCached keeps one statement per SQL text and row form, the forms apart', () => {
    const db = open(tempFile('cached.db'));
    db.exec('CREATE TABLE t (a INTEGER, b TEXT)');
    db.prepare('INSERT INTO t VALUES (?, ?)').run(1, 'one');
    const sql = 'SELECT a, b FROM t WHERE a = ?';
    const objects = db.prepareCached<[number], { a: number; b: string }>(sql);
    expect(db.prepareCached(sql)).toBe(objects);
    const arrays = db.prepareCached<[number], [number, string]>(sql, 'arrays');
    expect(arrays).not.toBe(objects);
    expect(db.prepareCached(sql, 'arrays')).toBe(arrays);
    expect(objects.get(1)).toEqual({ a: 1, b: 'one' });
    expect(arrays.get(1)).toEqual([1, 'one']);
  });
});

function expectThrow(): never {
  throw new Error('on purpose');
}
