import { build } from 'esbuild';
import { z } from 'zod';
import { describe, expect, it } from 'vitest';
import { sampleProvider } from '../engine/backends/test-fixtures/sample/provider';
import { commonAccountFields, defineProvider } from './provider-kit';
import { PROVIDER_DESCRIPTORS, checkedRegistry, priceKeyOf, providerDefaultsByKey, withProviders } from './providers';

describe('the provider registry', () => {
  it('derives price keys and default figures from the descriptors', () => {
    expect(priceKeyOf('s3', { preset: 'wasabi' })).toBe('s3:wasabi');
    expect(priceKeyOf('webdav', { url: 'https://x/' })).toBe('webdav');
    expect(Object.keys(providerDefaultsByKey())).toContain('s3:backblaze-b2');
    expect(providerDefaultsByKey(withProviders(sampleProvider))['sample-vault']?.price.storagePerGBMonth).toBe(0.5);
  });

  it('refuses descriptors a type cannot catch: a duplicate id, a field the schema lacks', () => {
    expect(() => withProviders(PROVIDER_DESCRIPTORS[0])).toThrow(/"local" is registered twice/);
    const broken = defineProvider({
      ...sampleProvider,
      id: 'broken',
      schema: z.object({ provider: z.literal('broken'), ...commonAccountFields }),
      refine: undefined,
    });
    expect(() => checkedRegistry([broken])).toThrow(/provider "broken" lists field "accessToken" that its schema does not have/);
  });

  it('keeps backend code out of the renderer bundle: only the descriptors of engine/backends reach it', async () => {
    const result = await build({
      entryPoints: ['renderer/src/main.tsx'],
      bundle: true,
      write: false,
      metafile: true,
      logLevel: 'silent',
      loader: { '.css': 'empty' },
      outdir: 'unused',
    });
    const inputs = Object.keys(result.metafile.inputs);
    const backendFiles = inputs.filter((file) => file.startsWith('engine/backends/'));
    expect(backendFiles.length).toBeGreaterThan(0);
    expect(backendFiles.filter((file) => !file.endsWith('/provider.ts'))).toEqual([]);
    expect(inputs.filter((file) => /node_modules\/(@aws-sdk|@smithy|ssh2)/.test(file))).toEqual([]);
  });
});
