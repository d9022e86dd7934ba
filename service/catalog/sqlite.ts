/**
 * RAIC's SQLite connection: the small part of better-sqlite3's interface the
 * service uses (prepare/run/get/all/iterate, exec, pragma, nested
 * transactions, SqliteError codes), on @photostructure/sqlite, a Node-API
 * binding of the SQLite library with prebuilt add-ons for every desktop
 * platform inside its npm package. Node-API is what matters (issue 14,
 * defect 1): one build loads in Node (CLI, tests) and in Electron (the
 * desktop app), so no add-on is ever compiled for one runtime's ABI.
 *
 * Kept to better-sqlite3's behaviour where the code relies on it: rows are
 * plain objects, a transaction inside a transaction is a savepoint, a busy
 * database is waited on for 5 s unless told otherwise, foreign keys are
 * enforced, double-quoted strings are identifiers, and SQLite's failures are
 * SqliteError with SQLite's code name (SQLITE_BUSY, SQLITE_NOTADB, ...).
 */
import { DatabaseSync, type DatabaseSyncInstance, type StatementSyncInstance } from '@photostructure/sqlite';

/** A failure SQLite reported; `code` is SQLite's name for it, e.g. 'SQLITE_BUSY'. */
export class SqliteError extends Error {
  constructor(
    message: string,
    readonly code: string,
  ) {
    super(message);
    this.name = 'SqliteError';
  }
}

interface BindingError {
  message: string;
  sqliteCodeName?: unknown;
}

/** The binding's errors carry SQLite's code name; other errors (wrong argument types) pass unchanged. */
function translated(error: unknown): unknown {
  if (error instanceof Error && typeof (error as BindingError).sqliteCodeName === 'string') {
    return new SqliteError(error.message, (error as BindingError).sqliteCodeName as string);
  }
  return error;
}

function sqlite<T>(work: () => T): T {
  try {
    return work();
  } catch (error) {
    throw translated(error);
  }
}

/** The binding returns rows without a prototype; code and tests expect ordinary objects. */
function plain<Row>(row: unknown): Row {
  return (row === undefined ? undefined : { ...(row as object) }) as Row;
}

type BindValue = null | number | bigint | string | Uint8Array;
type Bindable = BindValue | Record<string, unknown>;

export interface RunResult {
  changes: number;
  lastInsertRowid: number | bigint;
}

/** A prepared statement; `Params` are its positional parameters (or one object of named ones). */
export class Statement<Params extends unknown[] = unknown[], Row = unknown> {
  private returnsArrays = false;

  constructor(private readonly statement: StatementSyncInstance) {}

  /**
   * Rows as arrays of column values in the statement's column order (as
   * better-sqlite3's `raw()`), for reads of many rows: the binding builds
   * each row object without a prototype, and copying it into a plain one
   * cost more than the read itself. Returns the statement, retyped.
   */
  raw<ArrayRow extends unknown[] = unknown[]>(): Statement<Params, ArrayRow> {
    sqlite(() => this.statement.setReturnArrays(true));
    this.returnsArrays = true;
    return this as unknown as Statement<Params, ArrayRow>;
  }

  run(...params: Params): RunResult {
    return sqlite(() => {
      const { changes, lastInsertRowid } = this.statement.run(...(params as Bindable[]) as never[]);
      return { changes: Number(changes), lastInsertRowid };
    });
  }

  get(...params: Params): Row | undefined {
    return sqlite(() => {
      const row: unknown = this.statement.get(...(params as Bindable[]) as never[]);
      return this.returnsArrays ? (row as Row | undefined) : plain<Row | undefined>(row);
    });
  }

  all(...params: Params): Row[] {
    return sqlite(() => {
      const rows = this.statement.all(...(params as Bindable[]) as never[]) as Row[];
      return this.returnsArrays ? rows : rows.map((row: unknown) => plain<Row>(row));
    });
  }

  *iterate(...params: Params): IterableIterator<Row> {
    const rows = sqlite(() => this.statement.iterate(...(params as Bindable[]) as never[]));
    try {
      while (true) {
        const next = sqlite(() => rows.next());
        if (next.done) return;
        yield this.returnsArrays ? (next.value as Row) : plain<Row>(next.value);
      }
    } finally {
      // A loop that stops early resets the statement, so it does not stay busy.
      rows.return?.();
    }
  }
}

type TransactionBody = (...args: never[]) => unknown;

/** A function that runs `body` in a transaction; `.immediate` etc. choose BEGIN's mode. */
export type Transaction<F extends TransactionBody> = ((...args: Parameters<F>) => ReturnType<F>) & {
  deferred: (...args: Parameters<F>) => ReturnType<F>;
  immediate: (...args: Parameters<F>) => ReturnType<F>;
  exclusive: (...args: Parameters<F>) => ReturnType<F>;
};

export interface DatabaseOptions {
  /** How long to wait for another connection's lock, in ms (5000 unless given, as better-sqlite3). */
  timeout?: number;
}

export class Database {
  static readonly SqliteError = SqliteError;
  private readonly connection: DatabaseSyncInstance;
  private savepoints = 0;
  private readonly cachedStatements = new Map<string, Statement<unknown[], unknown>>();

  constructor(
    /** The database file as given when opening it. */
    readonly file: string,
    options: DatabaseOptions = {},
  ) {
    this.connection = sqlite(
      () =>
        new DatabaseSync(file, {
          timeout: options.timeout ?? 5000,
          enableForeignKeyConstraints: true,
          enableDoubleQuotedStringLiterals: false,
          // `{ ...row, extra }` objects are bound as they are, as better-sqlite3 allows.
          allowUnknownNamedParameters: true,
          allowBareNamedParameters: true,
        }),
    );
  }

  get open(): boolean {
    return this.connection.isOpen;
  }

  get inTransaction(): boolean {
    return this.connection.isOpen && this.connection.isTransaction;
  }

  prepare<Params extends unknown[] = unknown[], Row = unknown>(source: string): Statement<Params, Row> {
    return new Statement<Params, Row>(sqlite(() => this.connection.prepare(source)));
  }

  /**
   * The statement for `source`, prepared on first use and kept for this
   * connection: for SQL built at run time from a few shapes (a number of
   * placeholders, a literal LIMIT, a WHERE over some states), where preparing
   * costs more than running. With `rows: 'arrays'` it returns rows as arrays
   * (Statement.raw); the two forms are kept apart.
   */
  prepareCached<Params extends unknown[] = unknown[], Row = unknown>(source: string, rows: 'objects' | 'arrays' = 'objects'): Statement<Params, Row> {
    const key = `${rows}:${source}`;
    let statement = this.cachedStatements.get(key);
    if (!statement) {
      const prepared = this.prepare<unknown[], unknown>(source);
      statement = rows === 'arrays' ? prepared.raw<unknown[]>() : prepared;
      this.cachedStatements.set(key, statement);
    }
    return statement as unknown as Statement<Params, Row>;
  }

  exec(source: string): this {
    sqlite(() => this.connection.exec(source));
    return this;
  }

  /** `PRAGMA <source>`: its rows, or with `simple` the first column of the first row. */
  pragma(source: string, options: { simple?: boolean } = {}): unknown {
    const rows = this.prepare<[], Record<string, unknown>>(`PRAGMA ${source}`).all();
    if (!options.simple) return rows;
    const first = rows[0];
    return first === undefined ? undefined : Object.values(first)[0];
  }

  /**
   * Wraps `body` in BEGIN/COMMIT (ROLLBACK when it throws); called inside
   * another transaction it is a savepoint, so the inner part can fail alone.
   */
  transaction<F extends TransactionBody>(body: F): Transaction<F> {
    const inMode =
      (mode: string) =>
      (...args: Parameters<F>): ReturnType<F> => {
        if (this.inTransaction) return this.inSavepoint(body, args);
        this.exec(`BEGIN ${mode}`);
        try {
          const result = body(...args) as ReturnType<F>;
          this.exec('COMMIT');
          return result;
        } catch (error) {
          // SQLite may already have rolled back (some errors end the transaction themselves).
          if (this.inTransaction) this.exec('ROLLBACK');
          throw error;
        }
      };
    return Object.assign(inMode('DEFERRED'), { deferred: inMode('DEFERRED'), immediate: inMode('IMMEDIATE'), exclusive: inMode('EXCLUSIVE') });
  }

  close(): this {
    if (this.connection.isOpen) this.connection.close();
    return this;
  }

  private inSavepoint<F extends TransactionBody>(body: F, args: Parameters<F>): ReturnType<F> {
    const name = `raic_savepoint_${++this.savepoints}`;
    this.exec(`SAVEPOINT ${name}`);
    try {
      const result = body(...args) as ReturnType<F>;
      this.exec(`RELEASE ${name}`);
      return result;
    } catch (error) {
      if (this.inTransaction) this.exec(`ROLLBACK TO ${name}; RELEASE ${name}`);
      throw error;
    } finally {
      this.savepoints--;
    }
  }
}

type Connection = Database;
type PreparedStatement<Params extends unknown[], Row> = Statement<Params, Row>;

/** better-sqlite3's type names (`Database.Database`, `Database.Statement`), which the service's modules use. */
// eslint-disable-next-line @typescript-eslint/no-namespace
export declare namespace Database {
  export type Database = Connection;
  export type Statement<Params extends unknown[] = unknown[], Row = unknown> = PreparedStatement<Params, Row>;
}

export default Database;
