import { describe, expect, it } from 'vitest';
import { apiContract, ApiError, parseInput } from './api';
import { ipcChannel, isOperationName, OPERATION_NAMES } from './operations';

describe('API contract', () => {
  it('declares every operation name exactly once, each with a distinct HTTP route', () => {
    expect(Object.keys(apiContract).sort()).toEqual([...OPERATION_NAMES].sort());
    const routes = Object.values(apiContract).map((op) => `${op.http.method} ${op.http.path}`);
    expect(new Set(routes).size).toBe(routes.length);
  });

  it('maps operations to IPC channels and rejects unknown names', () => {
    expect(ipcChannel('getStatus')).toBe('raic:getStatus');
    expect(isOperationName('getStatus')).toBe(true);
    expect(isOperationName('__proto__')).toBe(false);
    expect(isOperationName(42)).toBe(false);
  });

  it('accepts a valid local account and trims its fields', () => {
    expect(parseInput('addAccount', { provider: 'local', name: '  USB disk ', path: '/media/usb/raic ' })).toEqual({
      provider: 'local',
      name: 'USB disk',
      path: '/media/usb/raic',
    });
  });

  it.each([
    [{ name: '', path: '/x' }, 'name', 'Give the account a name.'],
    [{ name: 'a/b', path: '/x' }, 'name', 'Use letters, digits'],
    [{ name: 'ok', path: 'relative/dir' }, 'path', 'full path'],
    [{ name: 'ok' }, 'path', ''],
  ])('rejects %j naming the field', (input, field, text) => {
    let caught: unknown;
    try {
      parseInput('addAccount', { provider: 'local', ...input });
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(ApiError);
    const apiError = caught as ApiError;
    expect(apiError.code).toBe('invalid_input');
    expect(apiError.field).toBe(field);
    expect(apiError.message).toContain(text);
    expect(apiError.message.startsWith(`${field}: `)).toBe(true);
  });

  it('rejects unexpected fields on operations without input', () => {
    expect(() => parseInput('getStatus', { sneaky: 1 })).toThrow(ApiError);
    expect(parseInput('getStatus', undefined)).toEqual({});
  });
});
