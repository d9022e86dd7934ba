/**
 * Acceptance for "a provider is one folder", UI side: the fixture provider,
 * registered through the registry's API, gets its tile in the add-account
 * picker at its rank.
 */
import { describe, expect, it } from 'vitest';
import { withProviders } from '../../../../shared/providers';
import { sampleProvider } from '../../../../engine/backends/test-fixtures/sample/provider';
import { PROVIDER_CHOICES, choiceOf, presetHelp, providerChoicesOf } from './providerChoices';

const BUILT_IN_TILES = ['s3:aws', 's3:backblaze-b2', 's3:wasabi', 's3:cloudflare-r2', 's3:google-cloud-storage', 's3:other', 'swift', 'webdav', 'sftp', 'tahoe', 'rclone', 'local'];

describe('provider tiles come from the registry', () => {
  it('has one tile per S3 preset, then the other providers, local folders last', () => {
    expect(PROVIDER_CHOICES.map((c) => c.key)).toEqual(BUILT_IN_TILES);
    expect(choiceOf('s3', 'wasabi')).toMatchObject({ label: 'Wasabi', preset: 'wasabi' });
    expect(choiceOf('s3', 'no-such-preset').label).toBe('Amazon S3 and S3-compatible');
    expect(presetHelp('s3', 'cloudflare-r2', 'region')).toBe('Leave empty (R2 uses "auto").');
  });

  it('shows a provider registered by its folder alone, at its picker rank', () => {
    const tiles = providerChoicesOf(withProviders(sampleProvider));
    expect(tiles.map((c) => c.key)).toEqual([...BUILT_IN_TILES.slice(0, 7), 'sample-vault', ...BUILT_IN_TILES.slice(7)]);
    expect(tiles.find((c) => c.key === 'sample-vault')).toEqual({
      key: 'sample-vault',
      label: 'Sample Vault',
      description: 'A made-up provider for tests: a folder that pretends to need a token.',
      provider: 'sample-vault',
    });
  });
});
