/**
 * The provider registry: the one list of storage providers RAIC knows. Every
 * other list (the account schema, secret fields, CLI flags, form fields,
 * picker tiles, default risk and price, the backends the engine opens) is
 * derived from it.
 *
 * Why a hand-written list of descriptor imports, and where the descriptors
 * live: a provider is one folder, `engine/backends/<id>/`, holding a pure
 * descriptor (`provider.ts`: zod and data only) beside its backend code. This
 * file and the renderer import only the descriptors, so the UI bundle never
 * pulls in the AWS SDK or ssh2; the engine pairs each descriptor with its
 * backend in `engine/backends/registry.ts`, whose type demands one entry per
 * blob-store provider here, so the compiler names the one line still missing.
 * Discovering folders at run time (fs scans, bundler globs) would not survive
 * the esbuild/Vite/vitest/tsc mix the project builds with, and a mutable
 * register-on-import registry would let the contract's zod schemas (built
 * once, at import) disagree with what was registered later.
 *
 * Layering: `engine/backends/<id>/provider.ts` files are shared-level files that live
 * in the engine's folders; they may import only zod and `shared/`.
 */
import { localProvider } from '../engine/backends/local/provider';
import { rcloneProvider } from '../engine/backends/rclone/provider';
import { s3Provider } from '../engine/backends/s3/provider';
import { sftpProvider } from '../engine/backends/sftp/provider';
import { swiftProvider } from '../engine/backends/swift/provider';
import { tahoeProvider } from '../engine/backends/tahoe/provider';
import { webdavProvider } from '../engine/backends/webdav/provider';
import { COMMON_ACCOUNT_FIELDS, type ProviderDefaults, type ProviderDescriptor } from './provider-kit';

/** The registry. Adding a provider: its folder, then one line here (docs/backends.md, "How to add a provider"). */
export const PROVIDER_DESCRIPTORS = [localProvider, s3Provider, swiftProvider, webdavProvider, sftpProvider, rcloneProvider, tahoeProvider] as const;

export type RegisteredProvider = (typeof PROVIDER_DESCRIPTORS)[number];
export type AnyProvider = ProviderDescriptor;
/** The key of the figures used for a kind no descriptor has figures for. */
export const UNKNOWN_KIND_KEY = 'unknown';

/**
 * A registry with more providers than the built-in ones: what a test uses to
 * register a fixture provider. Checked like the built-in list.
 */
export function withProviders(...extra: readonly AnyProvider[]): readonly AnyProvider[] {
  return checkedRegistry([...PROVIDER_DESCRIPTORS, ...extra]);
}

/**
 * Mistakes a new descriptor can make that no type catches: a duplicate id, a
 * secret or form field the schema does not have. Throws at import, so the
 * first test run says which descriptor is wrong.
 */
export function checkedRegistry<L extends readonly AnyProvider[]>(list: L): L {
  const seen = new Set<string>();
  for (const provider of list) {
    if (seen.has(provider.id)) throw new Error(`provider "${provider.id}" is registered twice`);
    seen.add(provider.id);
    if (!/^[a-z][a-z0-9-]*$/.test(provider.id)) throw new Error(`provider id "${provider.id}" must be lowercase letters, digits and dashes`);
    if (provider.id === UNKNOWN_KIND_KEY) throw new Error(`"${UNKNOWN_KIND_KEY}" is reserved for the figures of an unknown kind`);
    const shape = provider.schema.shape as Record<string, unknown>;
    for (const field of [...provider.secretFields, ...provider.fields.map((f) => f.name)]) {
      if (!(field in shape) || COMMON_ACCOUNT_FIELDS.includes(field)) throw new Error(`provider "${provider.id}" lists field "${field}" that its schema does not have as its own`);
    }
    if (provider.presets && !('preset' in shape)) throw new Error(`provider "${provider.id}" has presets but no "preset" field`);
  }
  return list;
}
checkedRegistry(PROVIDER_DESCRIPTORS);

export function findProvider(id: string, list: readonly AnyProvider[] = PROVIDER_DESCRIPTORS): AnyProvider | undefined {
  return list.find((p) => p.id === id);
}

/** Input fields that ask for something once (create the folder) and are no setting: no CLI flag, never saved. */
const REQUEST_ONLY_FIELDS: ReadonlySet<string> = new Set(['createFolder']);

/** The fields a provider's accounts have (name and the common ones included), secrets excluded. */
export function settingFieldsOf(provider: AnyProvider): string[] {
  return Object.keys(provider.schema.shape).filter((field) => field !== 'provider' && !REQUEST_ONLY_FIELDS.has(field) && !provider.secretFields.includes(field));
}

/** The price-table key of an account: its provider, and for a provider with presets the preset ("s3:wasabi"). */
export function priceKeyOf(provider: string, settings: Readonly<Record<string, unknown>>, list: readonly AnyProvider[] = PROVIDER_DESCRIPTORS): string {
  const variant = defaultsVariantOf(provider, settings, list);
  return variant === undefined ? provider : `${provider}:${variant}`;
}

/** Which of a provider's default tables an account falls under: its preset ("wasabi"), its rclone remote type ("drive"), or none. */
export function defaultsVariantOf(provider: string, settings: Readonly<Record<string, unknown>>, list: readonly AnyProvider[] = PROVIDER_DESCRIPTORS): string | undefined {
  const descriptor = findProvider(provider, list);
  if (descriptor?.presets) return String(settings.preset);
  if (descriptor?.defaultsBySetting) return String(settings[descriptor.defaultsBySetting.field] ?? '');
  return undefined;
}

/**
 * Every provider's and preset's default figures by table key: "<id>:<preset>"
 * for each preset, then "<id>" (for a preset the table does not know).
 */
export function providerDefaultsByKey(list: readonly AnyProvider[] = PROVIDER_DESCRIPTORS): Record<string, ProviderDefaults> {
  const table: Record<string, ProviderDefaults> = {};
  for (const provider of list) {
    for (const preset of provider.presets ?? []) if (preset.defaults) table[`${provider.id}:${preset.value}`] = preset.defaults;
    for (const [value, defaults] of Object.entries(provider.defaultsBySetting?.table ?? {})) table[`${provider.id}:${value}`] = defaults;
    if (provider.defaults) table[provider.id] = provider.defaults;
  }
  return table;
}
