/**
 * What a user types to add a storage account, per provider, as zod schemas
 * every side shares: the service validates with them, the UI builds its forms
 * from PROVIDERS, and the CLI maps its flags onto the same shapes. Secret
 * fields are listed per provider so the service can send exactly those to the
 * keychain and keep everything else in the grid config.
 *
 * Nothing here names a provider: it is all derived from the registry
 * (shared/providers.ts) and the descriptors it lists.
 */
import { z } from 'zod';
import { PROVIDER_DESCRIPTORS, type RegisteredProvider } from './providers';
import type { ProviderDescriptor } from './provider-kit';

export { accountName, type ProviderField } from './provider-kit';
export { S3_PRESET_IDS, type S3PresetId } from '../engine/backends/s3/provider';

export type ProviderId = RegisteredProvider['id'];
export const PROVIDER_IDS = PROVIDER_DESCRIPTORS.map((p) => p.id) as unknown as readonly [ProviderId, ...ProviderId[]];

/** The descriptors' schemas as a tuple type (a mapped type keeps tuple-ness only over a type parameter). */
type SchemasOf<T extends readonly unknown[]> = { readonly [K in keyof T]: T[K] extends { schema: infer S } ? S : never };
const PROVIDER_SCHEMAS = PROVIDER_DESCRIPTORS.map((p) => p.schema) as unknown as SchemasOf<typeof PROVIDER_DESCRIPTORS>;

export const AccountInputSchema = z.discriminatedUnion('provider', PROVIDER_SCHEMAS).superRefine((input, ctx) => {
  const provider = PROVIDER_DESCRIPTORS.find((p) => p.id === input.provider) as ProviderDescriptor | undefined;
  provider?.refine?.(input, (field, message) => ctx.addIssue({ code: 'custom', path: [field], message }));
});
export type AccountInput = z.infer<typeof AccountInputSchema>;
export type AccountInputOf<P extends ProviderId> = Extract<AccountInput, { provider: P }>;

/** Fields that go to the keychain, never to the config file. */
export const SECRET_FIELDS = Object.fromEntries(PROVIDER_DESCRIPTORS.map((p) => [p.id, p.secretFields])) as Readonly<Record<ProviderId, readonly string[]>>;

/** What the add-account form shows per provider: its descriptor. */
export type ProviderInfo = ProviderDescriptor;

/** The providers in registry order (the form and the CLI list them so). */
export const PROVIDERS: readonly ProviderInfo[] = PROVIDER_DESCRIPTORS;
