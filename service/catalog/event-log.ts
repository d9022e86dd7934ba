/**
 * The health log: what checks, repairs and accounts reported, newest first,
 * bounded so a grid with a failing account cannot fill the disk with it.
 */
import type { Database, Statement } from './sqlite';
import type { EventQuery, HealthEvent, NewHealthEvent } from './types';

export const MAX_EVENTS = 10_000;
export const DEFAULT_EVENT_PAGE = 100;

interface EventRow {
  id: number;
  at: number;
  kind: string;
  severity: HealthEvent['severity'];
  message: string;
  account_id: string | null;
  file_path: string | null;
}

function toEvent(row: EventRow): HealthEvent {
  return {
    id: row.id,
    at: row.at,
    kind: row.kind,
    severity: row.severity,
    message: row.message,
    accountId: row.account_id,
    filePath: row.file_path,
  };
}

export class EventLog {
  private readonly insert: Statement<unknown[], EventRow>;
  private readonly prune: Statement<[number]>;
  constructor(
    private readonly db: Database,
    private readonly now: () => number,
    private readonly limit = MAX_EVENTS,
  ) {
    this.insert = db.prepare(
      'INSERT INTO events (at, kind, severity, message, account_id, file_path) VALUES (?, ?, ?, ?, ?, ?) RETURNING *',
    );
    // Ids only grow (AUTOINCREMENT never reuses one), so the newest `limit`
    // events are those with an id above newest - limit.
    this.prune = db.prepare('DELETE FROM events WHERE id <= ?');
  }

  add(event: NewHealthEvent): HealthEvent {
    return this.db.transaction(() => {
      const row = this.insert.get(event.at ?? this.now(), event.kind, event.severity, event.message, event.accountId ?? null, event.filePath ?? null)!;
      this.prune.run(row.id - this.limit);
      return toEvent(row);
    })();
  }

  list(query: EventQuery = {}): HealthEvent[] {
    const conditions: string[] = [];
    const params: unknown[] = [];
    const filters: [column: string, value: unknown][] = [
      ['severity', query.severity],
      ['kind', query.kind],
      ['account_id', query.accountId],
    ];
    for (const [column, value] of filters) {
      if (value === undefined) continue;
      conditions.push(`${column} = ?`);
      params.push(value);
    }
    if (query.beforeId !== undefined) {
      conditions.push('id < ?');
      params.push(query.beforeId);
    }
    const where = conditions.length > 0 ? `WHERE ${conditions.join(' AND ')}` : '';
    const sql = `SELECT * FROM events ${where} ORDER BY id DESC LIMIT ?`;
    const statement = this.db.prepareCached<unknown[], EventRow>(sql);
    const requested = query.limit !== undefined && Number.isFinite(query.limit) ? Math.floor(query.limit) : DEFAULT_EVENT_PAGE;
    const limit = Math.min(Math.max(requested, 1), this.limit);
    return statement.all(...params, limit).map(toEvent);
  }
}
