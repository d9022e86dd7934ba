/** The plain-words modules: errors, money, where secrets are kept, passphrase strength. */
import { describe, expect, it } from 'vitest';
import { checkTitle, explainFailure, plainMessage, splitDetails } from './plain-errors';
import { formatMoney, formatMonthly } from './money-words';
import { secretHelpFor, secretStorePlace } from './secret-store-words';
import { passphraseStrength } from './passphrase-strength';

describe('errors in plain words', () => {
  it.each([
    ['connect ECONNREFUSED 127.0.0.1:9', 'refused'],
    ['getaddrinfo ENOTFOUND cloud.exmaple.com', 'unknown-host'],
    ['connect ETIMEDOUT 10.0.0.1:443', 'timeout'],
    ['read ECONNRESET', 'connection-dropped'],
    ['EACCES: permission denied, mkdir /root/x', 'no-permission-local'],
    ['ENOSPC: no space left on device', 'disk-full'],
    ['http://nas refused user "me" with this password (HTTP 401)', 'sign-in-refused'],
    ['no permission to write under http://nas/x (HTTP 403)', 'forbidden'],
    ['the folder http://nas/raic/ does not exist', 'missing-folder'],
    ['unable to verify the first certificate', 'certificate'],
  ])('%s is %s, with what to do', (raw, kind) => {
    const plain = explainFailure(raw);
    expect(plain?.kind).toBe(kind);
    expect(plain?.todo.length).toBeGreaterThan(10);
  });

  it('puts what happened first and keeps the raw text after "Details:"', () => {
    const message = plainMessage('connect ECONNREFUSED 127.0.0.1:9');
    expect(message.startsWith('Nothing answered at that address')).toBe(true);
    expect(message).toMatch(/Details: connect ECONNREFUSED 127\.0\.0\.1:9$/);
  });

  it('says a translated message once, however often it is run through', () => {
    for (const raw of ['connect ECONNREFUSED 127.0.0.1:9', 'the folder http://nas/raic/ does not exist', 'refused user "me" (HTTP 401)']) {
      const once = plainMessage(raw);
      expect(plainMessage(once)).toBe(once);
    }
  });

  it('leaves a message with no known failure as it is', () => {
    expect(plainMessage('The name is already used.')).toBe('The name is already used.');
  });

  it('titles a sign-in check whose cause is a missing folder by the folder', () => {
    expect(checkTitle('credentials', 'the folder http://nas/raic/ does not exist')).toBe('Folder');
    expect(checkTitle('credentials', 'refused user "me" (HTTP 401)')).toBe('Sign-in');
    expect(checkTitle('write')).toBe('Saving a test file');
    expect(checkTitle('some_new-check')).toBe('Some new check');
  });
});

describe('one money format', () => {
  it('says Free only for nothing, never $0.00 for something', () => {
    expect(formatMoney(0, 'USD')).toBe('Free');
    expect(formatMoney(0.0004, 'USD')).toBe('less than $0.01');
    expect(formatMoney(4.5, 'USD')).toBe('$4.50');
    expect(formatMonthly(4.5, 'USD')).toBe('$4.50/month');
    expect(formatMonthly(4.5, 'USD', 'per TB of files')).toBe('$4.50/month per TB of files');
    expect(formatMonthly(0, 'USD', 'per TB of files')).toBe('Free');
    expect(formatMoney(2, 'credits')).toBe('2.00 credits');
    expect(formatMoney(3, 'mixed')).toBe('3.00 (several currencies)');
  });
});

describe('where secrets are kept, in words', () => {
  const help = 'Prefer an app password. Stored only in your keychain.';
  it('names the store in use in the fields’ help', () => {
    expect(secretHelpFor(help, 'keychain')).toBe(help);
    expect(secretHelpFor(help, 'encrypted-file')).toBe('Prefer an app password. Stored only in RAIC’s encrypted secrets file.');
    expect(secretHelpFor(help, 'locked')).toContain('encrypted secrets file');
    expect(secretHelpFor(help, 'none')).toContain('this computer has no keychain');
    expect(secretStorePlace('keychain')).toBe('your keychain');
  });
});

describe('passphrase strength', () => {
  it('mirrors the service’s minimum and grades above it', () => {
    expect(passphraseStrength('')).toMatchObject({ level: 'empty', acceptable: false });
    expect(passphraseStrength('short one')).toMatchObject({ level: 'too-short', acceptable: false });
    expect(passphraseStrength('aaaaaaaaaaaaaaa')).toMatchObject({ level: 'too-simple', acceptable: false });
    expect(passphraseStrength('abcdefghijkl').acceptable).toBe(true);
    expect(passphraseStrength('plain words keep every secret safe')).toMatchObject({ level: 'strong', acceptable: true });
  });
});

describe('technical details and check titles', () => {
  it('splits a message into its plain words and the raw details after "Details:"', () => {
    const message = plainMessage('cannot reach http://127.0.0.1:1: connect ECONNREFUSED 127.0.0.1:1');
    const { text, details } = splitDetails(message);
    expect(text).not.toMatch(/ECONNREFUSED/);
    expect(details).toMatch(/ECONNREFUSED/);
    expect(splitDetails('Saved.')).toEqual({ text: 'Saved.' });
  });

  it('heads a sign-in check that never reached the server as reaching the server, not as the sign-in', () => {
    expect(checkTitle('credentials', 'connect ECONNREFUSED 127.0.0.1:1')).toBe('Reaching the server');
    expect(checkTitle('credentials', 'getaddrinfo ENOTFOUND nas.invalid')).toBe('Reaching the server');
    expect(checkTitle('credentials', 'HTTP 401 Unauthorized')).toBe('Sign-in');
  });
});
