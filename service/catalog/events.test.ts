import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { Catalog } from './catalog';
import { MAX_EVENTS } from './event-log';
import { temporaryFolder } from '../test-support/catalog';

let folder: ReturnType<typeof temporaryFolder>;
let clock: number;
let catalog: Catalog;

beforeEach(() => {
  folder = temporaryFolder();
  clock = 50;
  catalog = Catalog.open(join(folder.path, 'catalog.sqlite'), { now: () => clock, eventLimit: 5 });
});
afterEach(() => {
  catalog.close();
  folder.remove();
});

describe('health events', () => {
  it('keeps 10 000 events unless told otherwise', () => {
    expect(MAX_EVENTS).toBe(10_000);
  });

  it('records an event with the clock time unless one is given', () => {
    const first = catalog.addEvent({ kind: 'check', severity: 'info', message: 'all good' });
    expect(first).toEqual({ id: first.id, at: 50, kind: 'check', severity: 'info', message: 'all good', accountId: null, filePath: null });
    const second = catalog.addEvent({ kind: 'repair', severity: 'warning', message: 'rebuilt', accountId: 'acct', filePath: '/a.txt', at: 40 });
    expect(second).toMatchObject({ at: 40, accountId: 'acct', filePath: '/a.txt' });
    expect(second.id).toBeGreaterThan(first.id);
  });

  it('keeps only the newest events, listed newest first', () => {
    for (let i = 1; i <= 8; i++) catalog.addEvent({ kind: 'tick', severity: 'info', message: `event ${i}` });
    expect(catalog.listEvents().map((event) => event.message)).toEqual(['event 8', 'event 7', 'event 6', 'event 5', 'event 4']);
    expect(catalog.db.prepare('SELECT COUNT(*) AS n FROM events').get()).toEqual({ n: 5 });
  });

  it('filters by severity, kind and account, and pages with limit and beforeId', () => {
    catalog.addEvent({ kind: 'check', severity: 'info', message: '1', accountId: 'a' });
    catalog.addEvent({ kind: 'offline', severity: 'error', message: '2', accountId: 'b' });
    catalog.addEvent({ kind: 'check', severity: 'warning', message: '3', accountId: 'b' });
    catalog.addEvent({ kind: 'check', severity: 'info', message: '4', accountId: 'b' });
    const messages = (query: Parameters<Catalog['listEvents']>[0]) => catalog.listEvents(query).map((event) => event.message);
    expect(messages({ severity: 'info' })).toEqual(['4', '1']);
    expect(messages({ kind: 'check' })).toEqual(['4', '3', '1']);
    expect(messages({ accountId: 'b', kind: 'check' })).toEqual(['4', '3']);
    const [newest, next] = catalog.listEvents({ limit: 2 });
    expect([newest?.message, next?.message]).toEqual(['4', '3']);
    expect(messages({ beforeId: next!.id, limit: 2 })).toEqual(['2', '1']);
    expect(messages({ limit: 0 })).toEqual(['4']);
    expect(messages({ limit: Number.NaN })).toEqual(['4', '3', '2', '1']);
  });

  it('does not touch the revision', () => {
    catalog.addEvent({ kind: 'check', severity: 'info', message: 'x' });
    expect(catalog.revision()).toBe(0);
  });
});
