import { describe, expect, it } from 'vitest';
import { sampleGridHealthEvent, sampleJob } from '../../shared/events.test-helper';
import { argValue, dataDirArgument, parseHostToMain, parseMainToHost } from './host-protocol';

describe('service host protocol', () => {
  it('accepts the messages main sends', () => {
    expect(parseMainToHost({ kind: 'request', id: 1, operation: 'getStatus', input: {} })).toEqual({ kind: 'request', id: 1, operation: 'getStatus', input: {} });
    expect(parseMainToHost({ kind: 'shutdown' })).toEqual({ kind: 'shutdown' });
  });

  it('refuses unknown operations, bad ids and unknown kinds from main', () => {
    expect(parseMainToHost({ kind: 'request', id: 1, operation: 'rmRf', input: {} })).toBeUndefined();
    expect(parseMainToHost({ kind: 'request', id: 0, operation: 'getStatus', input: {} })).toBeUndefined();
    expect(parseMainToHost({ kind: 'request', id: 1.5, operation: 'getStatus', input: {} })).toBeUndefined();
    expect(parseMainToHost({ kind: 'eval', code: '1' })).toBeUndefined();
    expect(parseMainToHost('shutdown')).toBeUndefined();
    expect(parseMainToHost(null)).toBeUndefined();
  });

  it('accepts the messages the host sends, keeping event fields', () => {
    expect(parseHostToMain({ kind: 'ready' })).toEqual({ kind: 'ready' });
    expect(parseHostToMain({ kind: 'response', id: 3, result: { ok: true, value: { files: 2 } } })).toEqual({ kind: 'response', id: 3, result: { ok: true, value: { files: 2 } } });
    const error = { ok: false, error: { code: 'invalid_input', message: 'name: required', field: 'name' } };
    expect(parseHostToMain({ kind: 'response', id: 4, result: error })).toEqual({ kind: 'response', id: 4, result: error });
    expect(parseHostToMain({ kind: 'event', event: sampleGridHealthEvent('healthy') })).toEqual({ kind: 'event', event: sampleGridHealthEvent('healthy') });
    expect(parseHostToMain({ kind: 'event', event: { type: 'job', job: sampleJob() } })).toEqual({ kind: 'event', event: { type: 'job', job: sampleJob() } });
    expect(parseHostToMain({ kind: 'failed', message: 'no disk' })).toEqual({ kind: 'failed', message: 'no disk' });
    expect(parseHostToMain({ kind: 'closed' })).toEqual({ kind: 'closed' });
  });

  it('refuses malformed host messages', () => {
    expect(parseHostToMain({ kind: 'response', id: 3, result: { ok: false, error: { code: 'teapot', message: 'x' } } })).toBeUndefined();
    expect(parseHostToMain({ kind: 'response', id: 3, result: { ok: 'yes' } })).toBeUndefined();
    expect(parseHostToMain({ kind: 'event', event: { grid: {} } })).toBeUndefined();
  });

  it('refuses events that break the event contract (shared/events.ts)', () => {
    expect(parseHostToMain({ kind: 'event', event: { type: 'grid-health', grid: { status: 'healthy' } } })).toBeUndefined();
    expect(parseHostToMain({ kind: 'event', event: { type: 'job', id: 'j1', progress: 0.5 } })).toBeUndefined();
    expect(parseHostToMain({ kind: 'event', event: { type: 'job', job: { ...sampleJob(), doneBytes: -1n } } })).toBeUndefined();
    expect(parseHostToMain({ kind: 'event', event: { type: 'not-an-event' } })).toBeUndefined();
    // Only main says what state the host is in.
    expect(parseHostToMain({ kind: 'event', event: { type: 'service-host', state: 'failed' } })).toBeUndefined();
    expect(parseHostToMain({ kind: 'failed' })).toBeUndefined();
  });

  it('reads --name=value arguments, ignoring empty values', () => {
    expect(dataDirArgument(['electron', 'main.cjs', '--data-dir=/tmp/grid'])).toBe('/tmp/grid');
    expect(dataDirArgument(['--data-dir='])).toBeUndefined();
    expect(dataDirArgument(['--data-directory=/x'])).toBeUndefined();
    expect(argValue(['--user-data-dir=/u', '--data-dir=/d'], '--user-data-dir')).toBe('/u');
  });
});
