/**
 * The tiles of the "Add account" picker, built from the provider registry.
 * People look for the company they have an account with, not for "S3", so a
 * provider with presets gets one tile per preset; labels come from the shared
 * descriptors so the CLI and the UI name providers the same way.
 */
import { PROVIDERS, type ProviderId } from '../../../../shared/accounts';
import type { AnyProvider } from '../../../../shared/providers';
import { SIGN_IN_PROVIDER_NAMES, type SignInRemoteType } from '../../../../shared/sign-in-schemas';

export interface ProviderChoice {
  /** Unique per tile: the provider, or <provider>:<preset>. */
  key: string;
  label: string;
  description: string;
  provider: ProviderId;
  /** The preset the tile fixes (the account's `preset` setting), for a provider with presets. */
  preset?: string;
  /** For a cloud added by signing in with it in a browser (through rclone): its rclone type. */
  signIn?: SignInRemoteType;
}

/**
 * The clouds home users have, added by signing in (rclone's `authorize`, in
 * Debian's rclone 1.60). Jottacloud and Koofr are not here: that rclone
 * cannot sign in to them through a browser (Koofr takes an app password and
 * Jottacloud a login token, both through "Other rclone remote").
 */
const SIGN_IN_TILES: readonly SignInRemoteType[] = ['drive', 'onedrive', 'dropbox', 'box', 'pcloud', 'yandex'];

export const SIGN_IN_CHOICES: readonly ProviderChoice[] = SIGN_IN_TILES.map((type) => ({
  key: `rclone:sign-in:${type}`,
  label: SIGN_IN_PROVIDER_NAMES[type],
  description: `Sign in with ${SIGN_IN_PROVIDER_NAMES[type]} in your browser; RAIC keeps the sign-in in your keychain.`,
  provider: 'rclone',
  signIn: type,
}));

function plainChoice(provider: AnyProvider): ProviderChoice {
  return { key: provider.id, label: provider.label, description: provider.description, provider: provider.id as ProviderId };
}

function choicesOf(provider: AnyProvider): ProviderChoice[] {
  if (!provider.presets) return [plainChoice(provider)];
  return provider.presets.map((preset) => ({
    key: `${provider.id}:${preset.value}`,
    label: preset.label,
    description: preset.description,
    provider: provider.id as ProviderId,
    preset: preset.value,
  }));
}

/** The tiles for a registry, by each provider's picker rank (a test passes one with a fixture provider added). */
export function providerChoicesOf(providers: readonly AnyProvider[]): ProviderChoice[] {
  return [...providers].sort((a, b) => a.pickerRank - b.pickerRank).flatMap(choicesOf);
}

export const PROVIDER_CHOICES: readonly ProviderChoice[] = providerChoicesOf(PROVIDERS);

/** Field help that is more precise for a preset than the provider's generic text. */
export function presetHelp(provider: ProviderId, preset: string | undefined, field: string): string | undefined {
  if (!preset) return undefined;
  return PROVIDERS.find((p) => p.id === provider)?.presets?.find((p) => p.value === preset)?.help?.[field];
}

/** The tile a saved account belongs to (for headings of the edit form). */
export function choiceOf(provider: ProviderId, preset?: string): ProviderChoice {
  const info = PROVIDERS.find((p) => p.id === provider)!;
  return PROVIDER_CHOICES.find((c) => c.provider === provider && (!info.presets || c.preset === preset)) ?? plainChoice(info);
}
