import { describe, expect, it } from 'vitest';
import { eventHeading, eventText } from './eventText';

describe('history events say their text once, in plain words', () => {
  it('names every kind in words, also those the filters do not list', () => {
    expect(eventHeading('account-offline')).toBe('Account went offline');
    expect(eventHeading('backup-failed')).toBe('Catalog backup failed');
    expect(eventHeading('some-new-kind')).toBe('Some new kind');
  });

  it('drops a message opening that repeats the kind, raw or in words', () => {
    expect(eventText('backup-failed', 'backup-failed: the catalog (seq 18) could not be stored.').message).toBe('the catalog (seq 18) could not be stored.');
    expect(eventText('backup-failed', 'Catalog backup failed. The catalog (seq 18) could not be stored.').message).toBe('The catalog (seq 18) could not be stored.');
  });

  it('shows a sentence that comes twice only once, keeping the one with the reason', () => {
    const message = 'The catalog backup (seq 18) failed. The catalog backup (seq 18) failed: the disk is full.';
    expect(eventText('backup-failed', message).message).toBe('The catalog backup (seq 18) failed: the disk is full.');
    expect(eventText('repair-done', 'Repaired a.txt. Repaired a.txt.').message).toBe('Repaired a.txt.');
  });

  it('shows nothing more than the heading when the message only repeats it', () => {
    expect(eventText('backup-failed', 'Catalog backup failed.').message).toBe('');
  });

  it('puts a low-level error into plain words after the message’s own opening, keeping the code under Details', () => {
    const { message } = eventText('backup-failed', 'The catalog backup could not be stored in the grid: connect ECONNREFUSED 127.0.0.1:9');
    expect(message.startsWith('The catalog backup could not be stored in the grid. Nothing answered at that address')).toBe(true);
    expect(message).toContain('Details: connect ECONNREFUSED 127.0.0.1:9');
    expect(message.indexOf('ECONNREFUSED')).toBeGreaterThan(message.indexOf('Details:'));
  });

  it('leaves a plain message as it is', () => {
    expect(eventText('account-online', '"Home WebDAV" answers again.')).toEqual({ heading: 'Account back online', message: '"Home WebDAV" answers again.' });
  });
});
