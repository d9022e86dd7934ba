/**
 * Acceptance for "a provider is one folder": the fixture provider in
 * engine/backends/test-fixtures/sample/, registered through the registry's
 * API, shows up in what `raic account add` lists and takes, with no other file
 * touched.
 */
import { describe, expect, it } from 'vitest';
import { withProviders } from '../../shared/providers';
import { sampleProvider } from '../../engine/backends/test-fixtures/sample/provider';
import { findSecretFlag, isProviderId, settingFlagOptions, settingsFromFlags } from '../prompt/account-flags';
import { accountUsage, providerList } from './account';

describe('the CLI provider list comes from the registry', () => {
  const registry = withProviders(sampleProvider);

  it('lists the built-in providers, and a provider registered by its folder alone', () => {
    expect(providerList()).toBe('local, s3, swift, webdav, sftp, rclone, tahoe');
    expect(accountUsage(registry)).toContain('PROVIDER is one of local, s3, swift, webdav, sftp, rclone, tahoe, sample-vault.');
    expect(accountUsage()).not.toContain('sample-vault');
    expect(isProviderId('sample-vault', registry)).toBe(true);
    expect(isProviderId('sample-vault')).toBe(false);
  });

  it("takes the registered provider's settings as flags and refuses its secrets as flags", () => {
    expect(Object.keys(settingFlagOptions(registry))).toContain('vault-folder');
    expect(Object.keys(settingFlagOptions(registry))).not.toContain('access-token');
    expect(findSecretFlag(['sample-vault', '--access-token', 'x'], registry)).toBe('accessToken');
    expect(settingsFromFlags('sample-vault', { name: 'Vault', 'vault-folder': '/srv/vault', 'size-limit': '1GB' }, { providers: registry })).toEqual({
      name: 'Vault',
      vaultFolder: '/srv/vault',
      sizeLimitBytes: 1e9,
    });
    expect(() => settingsFromFlags('local', { 'vault-folder': '/x' }, { providers: registry })).toThrow(/--vault-folder does not apply to local accounts/);
  });
});
