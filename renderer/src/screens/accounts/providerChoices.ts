/**
 * The tiles of the "Add account" picker. People look for the company they
 * have an account with, not for "S3", so each S3 preset gets its own tile;
 * labels come from the shared PROVIDERS table so the CLI and the UI name
 * providers the same way.
 */
import { PROVIDERS, type ProviderId, type S3PresetId } from '../../../../shared/accounts';

export interface ProviderChoice {
  /** Unique per tile: the provider, or s3:<preset>. */
  key: string;
  label: string;
  description: string;
  provider: ProviderId;
  preset?: S3PresetId;
}

/** One line on what each S3 preset is, in the user's terms. */
const PRESET_DESCRIPTIONS: Record<S3PresetId, string> = {
  aws: "Amazon's cloud storage; you need a bucket and an access key.",
  'backblaze-b2': 'Low-cost cloud storage; use a bucket and an application key.',
  wasabi: 'Flat-price cloud storage; use a bucket and an access key.',
  'cloudflare-r2': "Cloudflare's storage with no download fees.",
  'google-cloud-storage': 'Google Cloud buckets, through HMAC interoperability keys.',
  other: 'Your own MinIO or Ceph server, or any S3-compatible provider.',
};

/** Where each preset's keys are, when the generic help is not precise enough. */
export const PRESET_HELP: Partial<Record<S3PresetId, Record<string, string>>> = {
  'backblaze-b2': {
    accessKeyId: 'Backblaze web site: App Keys, "keyID" of an application key allowed to use the bucket.',
    region: 'The part of the bucket\'s S3 endpoint after "s3.", e.g. us-west-004.',
  },
  wasabi: { accessKeyId: 'Wasabi console: Access Keys, Create new access key.', region: 'The bucket\'s region, e.g. eu-central-1.' },
  'cloudflare-r2': { accessKeyId: 'Cloudflare dashboard: R2, Manage R2 API tokens, "Access Key ID".', region: 'Leave empty (R2 uses "auto").' },
  'google-cloud-storage': { accessKeyId: 'Cloud Storage settings: Interoperability, Create a key (HMAC access key).', region: 'Leave empty unless your bucket needs one.' },
};

function presetLabel(preset: S3PresetId): string {
  const options = PROVIDERS.find((p) => p.id === 's3')?.fields.find((f) => f.name === 'preset')?.options ?? [];
  return options.find((o) => o.value === preset)?.label ?? preset;
}

function plainChoice(provider: ProviderId): ProviderChoice {
  const info = PROVIDERS.find((p) => p.id === provider)!;
  return { key: provider, label: info.label, description: info.description, provider };
}

const S3_TILES: readonly S3PresetId[] = ['aws', 'backblaze-b2', 'wasabi', 'cloudflare-r2', 'google-cloud-storage', 'other'];

export const PROVIDER_CHOICES: readonly ProviderChoice[] = [
  ...S3_TILES.map((preset) => ({ key: `s3:${preset}`, label: presetLabel(preset), description: PRESET_DESCRIPTIONS[preset], provider: 's3' as const, preset })),
  plainChoice('swift'),
  plainChoice('webdav'),
  plainChoice('sftp'),
  plainChoice('tahoe'),
  plainChoice('local'),
];

/** The tile a saved account belongs to (for headings of the edit form). */
export function choiceOf(provider: ProviderId, preset?: string): ProviderChoice {
  return PROVIDER_CHOICES.find((c) => c.provider === provider && (provider !== 's3' || c.preset === preset)) ?? plainChoice(provider);
}
