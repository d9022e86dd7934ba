/** The leak detectors the fuzz relies on must actually catch leaks, or a clean fuzz run proves nothing. */
import { describe, expect, it } from 'vitest';
import { errorBodyProblems, leaksInternals } from './response-checks';

describe('leak detectors', () => {
  it('flag stack frames, source files and the source folder', () => {
    expect(leaksInternals('TypeError: x is undefined\n    at parse (/srv/raic/service/catalog/paths.ts:12:7)')).not.toEqual([]);
    expect(leaksInternals('at file:///opt/raic/dist/cli/raic.mjs:100:3')).not.toEqual([]);
    expect(leaksInternals('failed in catalog.ts:42')).not.toEqual([]);
    expect(leaksInternals(`cannot open ${process.cwd()}/service/x`)).not.toEqual([]);
  });

  it('accept the messages people get', () => {
    expect(leaksInternals('There is no file /docs/at home.txt in your RAIC files.')).toEqual([]);
    expect(leaksInternals('path: Paths are at most 4096 characters.')).toEqual([]);
  });

  it('require a known code and a message, and refuse internal errors', () => {
    expect(errorBodyProblems({ error: { code: 'not_found', message: 'There is no such file.' } })).toEqual([]);
    expect(errorBodyProblems({ error: { code: 'internal', message: 'RAIC hit an internal error' } })).not.toEqual([]);
    expect(errorBodyProblems({ error: { code: 'weird', message: 'x' } })).not.toEqual([]);
    expect(errorBodyProblems({ error: { code: 'conflict', message: ' ' } })).not.toEqual([]);
    expect(errorBodyProblems('Internal Server Error')).not.toEqual([]);
  });
});
