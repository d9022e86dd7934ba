import { describe, expect, it } from 'vitest';
import { rejectInvalidInput, safeDefaultFileName } from './ipc-input';

describe('IPC input checks in main', () => {
  it('lets valid input through and turns invalid input into an invalid_input result', () => {
    expect(rejectInvalidInput('getStatus', {})).toBeUndefined();
    expect(rejectInvalidInput('getStatus', undefined)).toBeUndefined();
    expect(rejectInvalidInput('getStatus', { extra: 1 })).toMatchObject({ ok: false, error: { code: 'invalid_input' } });
    expect(rejectInvalidInput('cancelJob', { id: 42 })).toMatchObject({ ok: false, error: { code: 'invalid_input' } });
    expect(rejectInvalidInput('cancelJob', 'not an object')).toMatchObject({ ok: false, error: { code: 'invalid_input' } });
  });

  it('suggests only a bare, harmless file name to the save dialog', () => {
    expect(safeDefaultFileName('report.pdf')).toBe('report.pdf');
    expect(safeDefaultFileName('../../etc/passwd')).toBe('passwd');
    expect(safeDefaultFileName('C:\\Windows\\system.ini')).toBe('system.ini');
    expect(safeDefaultFileName('.bashrc')).toBe('bashrc');
    expect(safeDefaultFileName('a\u0000b<c>:d?.txt')).toBe('abcd.txt');
    expect(safeDefaultFileName('')).toBe('download');
    expect(safeDefaultFileName('/')).toBe('download');
    expect(safeDefaultFileName(42)).toBe('download');
    expect(safeDefaultFileName('x'.repeat(500))).toHaveLength(200);
  });
});
