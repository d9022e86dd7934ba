import { describe, expect, it } from 'vitest';
import { findSecretFlag, flagOf, settingFieldsOf, settingFlagOptions, settingsFromFlags } from './account-flags';

describe('account flags', () => {
  it('names flags in kebab case, with --size-limit for the size limit', () => {
    expect(flagOf('authUrl')).toBe('auth-url');
    expect(flagOf('hostKeySha256')).toBe('host-key-sha256');
    expect(flagOf('sizeLimitBytes')).toBe('size-limit');
    const flags = Object.keys(settingFlagOptions());
    expect(flags).toEqual(expect.arrayContaining(['path', 'preset', 'endpoint', 'auth-url', 'user', 'container', 'url', 'username', 'host', 'port', 'root', 'host-key-sha256', 'size-limit', 'loss-probability', 'availability']));
    expect(flags).not.toEqual(expect.arrayContaining(['password']));
    expect(flags.some((flag) => /secret|password|private-key|passphrase|access-key-id/.test(flag))).toBe(false);
    expect(settingFieldsOf('sftp')).not.toContain('privateKey');
  });

  it('maps flags onto the provider fields and parses numbers', () => {
    expect(
      settingsFromFlags('sftp', { name: 'Box', host: 'nas.local', port: '2222', username: 'me', root: '/srv', 'size-limit': '500MiB', availability: '99.5%' }),
    ).toEqual({ name: 'Box', host: 'nas.local', port: 2222, username: 'me', root: '/srv', sizeLimitBytes: 500 * 2 ** 20, availability: 0.995 });
    expect(settingsFromFlags('swift', { 'auth-url': 'https://auth.example/v3', 'loss-probability': '0.001' })).toEqual({
      authUrl: 'https://auth.example/v3',
      lossProbability: 0.001,
    });
  });

  it('clears with "none" only when editing, and refuses flags of other providers and bad numbers', () => {
    expect(settingsFromFlags('local', { 'size-limit': 'none' }, { allowClear: true })).toEqual({ sizeLimitBytes: null });
    expect(() => settingsFromFlags('local', { 'size-limit': 'none' })).toThrow(/--size-limit: "none" is not a size/);
    expect(() => settingsFromFlags('s3', { host: 'x' })).toThrow(/^--host does not apply to s3 accounts; they take --name, .*--bucket/);
    expect(() => settingsFromFlags('sftp', { port: '22x' })).toThrow('--port: "22x" is not a whole number');
    expect(() => settingsFromFlags('local', { availability: 'high' })).toThrow(/--availability: "high" is not a number between 0 and 1/);
  });

  it('spots secrets typed as flags in either spelling, with or without =', () => {
    expect(findSecretFlag(['s3', '--secretAccessKey', 'x'])).toBe('secretAccessKey');
    expect(findSecretFlag(['--access-key-id=x'])).toBe('accessKeyId');
    expect(findSecretFlag(['--private-key', 'k'])).toBe('privateKey');
    expect(findSecretFlag(['--private-key-file', 'k', '--name', 'password'])).toBeUndefined();
    expect(findSecretFlag(['--', '--password'])).toBeUndefined();
  });
});
