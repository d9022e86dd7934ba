/**
 * A provider that exists only for tests: the proof that a provider is one
 * folder. Shaped exactly like a real one (this descriptor beside its backend,
 * index.ts); the tests register it with withProviders() instead of a line in
 * shared/providers.ts.
 */
import { z } from 'zod';
import { absolutePath, commonAccountFields, defineProvider, secret } from '../../../../shared/provider-kit';

export const sampleProvider = defineProvider({
  id: 'sample-vault',
  label: 'Sample Vault',
  description: 'A made-up provider for tests: a folder that pretends to need a token.',
  storage: 'blob-store',
  schema: z.object({
    provider: z.literal('sample-vault'),
    ...commonAccountFields,
    vaultFolder: absolutePath('the vault folder'),
    accessToken: secret('access token'),
  }),
  secretFields: ['accessToken'],
  fields: [
    { name: 'vaultFolder', label: 'Vault folder', kind: 'path', required: true, help: 'Where the vault keeps its blobs.' },
    { name: 'accessToken', label: 'Access token', kind: 'password', required: true, help: 'Stored only in your keychain.' },
  ],
  pickerRank: 25,
  defaults: {
    lossProbability: 0.04,
    availability: 0.98,
    rationale: 'Made up for tests; a real provider says where its figures come from.',
    price: { storagePerGBMonth: 0.5, currency: 'USD' },
    kindName: 'Sample vault',
  },
  describeLocation: (s) => `vault at ${String(s.vaultFolder)}`,
});
