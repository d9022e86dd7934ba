/**
 * The S3 provider as the UI, the CLI and the config see it, with one preset
 * per company people know by name (each its own tile, help, risk and price).
 * Pure data and zod (shared-level): no AWS SDK here. Endpoints per preset are
 * the backend's business (presets.ts).
 */
import { z } from 'zod';
import { commonAccountFields, defineProvider, httpUrl, objectPrefix, secret, type ProviderDefaults, type ProviderPreset } from '../../../shared/provider-kit';

export const S3_PRESET_IDS = ['aws', 'backblaze-b2', 'wasabi', 'cloudflare-r2', 'google-cloud-storage', 'other'] as const;
export type S3PresetId = (typeof S3_PRESET_IDS)[number];

const bucketName = z
  .string()
  .trim()
  .min(3, 'Bucket names are 3 to 63 characters.')
  .max(63, 'Bucket names are 3 to 63 characters.')
  .regex(/^[a-z0-9][a-z0-9.-]*[a-z0-9]$/, 'Bucket names use lowercase letters, digits, dots and dashes, and start and end with a letter or digit.');

const LARGE_OBJECT_STORE_RATIONALE =
  'Estimate. Stored objects are replicated or erasure-coded by the provider (published design durability 11 nines), so account-level events dominate: closure, a billing lapse, a ban, lost credentials. Availability from the provider SLA (about 99.9%).';

function largeProvider(storagePerGBMonth: number, kindName: string): ProviderDefaults {
  return { lossProbability: 0.005, availability: 0.999, rationale: LARGE_OBJECT_STORE_RATIONALE, price: { storagePerGBMonth, currency: 'USD' }, kindName };
}

const PRESETS: readonly (ProviderPreset & { value: S3PresetId })[] = [
  {
    value: 'aws',
    label: 'Amazon S3',
    description: "Amazon's cloud storage; you need a bucket and an access key.",
    defaults: largeProvider(0.023, 'Amazon S3'),
  },
  {
    value: 'backblaze-b2',
    label: 'Backblaze B2',
    description: 'Low-cost cloud storage; use a bucket and an application key.',
    help: {
      accessKeyId: 'Backblaze web site: App Keys, "keyID" of an application key allowed to use the bucket.',
      region: 'The part of the bucket\'s S3 endpoint after "s3.", e.g. us-west-004.',
    },
    defaults: largeProvider(0.006, 'Backblaze B2'),
  },
  {
    value: 'wasabi',
    label: 'Wasabi',
    description: 'Flat-price cloud storage; use a bucket and an access key.',
    help: { accessKeyId: 'Wasabi console: Access Keys, Create new access key.', region: 'The bucket\'s region, e.g. eu-central-1.' },
    defaults: largeProvider(0.0069, 'Wasabi'),
  },
  {
    value: 'cloudflare-r2',
    label: 'Cloudflare R2',
    description: "Cloudflare's storage with no download fees.",
    help: { accessKeyId: 'Cloudflare dashboard: R2, Manage R2 API tokens, "Access Key ID".', region: 'Leave empty (R2 uses "auto").' },
    defaults: largeProvider(0.015, 'Cloudflare R2'),
  },
  {
    value: 'google-cloud-storage',
    label: 'Google Cloud Storage',
    description: 'Google Cloud buckets, through HMAC interoperability keys.',
    help: { accessKeyId: 'Cloud Storage settings: Interoperability, Create a key (HMAC access key).', region: 'Leave empty unless your bucket needs one.' },
    defaults: largeProvider(0.02, 'Google Cloud Storage'),
  },
  {
    value: 'other',
    label: 'MinIO or other S3-compatible',
    description: 'Your own MinIO or Ceph server, or any S3-compatible provider.',
    defaults: {
      lossProbability: 0.02,
      availability: 0.995,
      rationale: 'Estimate. An S3-compatible service of unknown size: a small provider closing down or an account being closed is more likely than at the large providers; no SLA assumed.',
      price: { storagePerGBMonth: 0.01, currency: 'USD' },
      kindName: 'Other S3-compatible storage',
    },
  },
];

export const s3Provider = defineProvider({
  id: 's3',
  label: 'Amazon S3 and S3-compatible',
  description: 'Amazon S3, Backblaze B2, Wasabi, Cloudflare R2, Google Cloud Storage, MinIO and others.',
  storage: 'blob-store',
  schema: z.object({
    provider: z.literal('s3'),
    ...commonAccountFields,
    preset: z.enum(S3_PRESET_IDS, { message: `Choose the provider: one of ${S3_PRESET_IDS.join(', ')}.` }),
    region: z.string().trim().max(64).optional(),
    /** Cloudflare R2's account ID. */
    accountId: z.string().trim().regex(/^[A-Za-z0-9]{1,64}$/, 'The account ID is letters and digits.').optional(),
    /** Only for "other" S3-compatible servers (MinIO, Ceph…). */
    endpoint: httpUrl('the server address').optional(),
    bucket: bucketName,
    prefix: objectPrefix,
    accessKeyId: secret('access key ID'),
    secretAccessKey: secret('secret access key'),
  }),
  secretFields: ['accessKeyId', 'secretAccessKey'],
  fields: [
    { name: 'preset', label: 'Provider', kind: 'select', required: true, help: 'Who runs the storage.', options: PRESETS.map((p) => ({ value: p.value, label: p.label })) },
    { name: 'endpoint', label: 'Server address', kind: 'url', required: true, help: 'e.g. https://minio.example:9000', when: { field: 'preset', values: ['other'] } },
    { name: 'accountId', label: 'Account ID', kind: 'text', required: true, help: 'Shown in the Cloudflare dashboard, R2 overview.', when: { field: 'preset', values: ['cloudflare-r2'] } },
    { name: 'region', label: 'Region', kind: 'text', required: false, help: 'The bucket\'s region, e.g. eu-central-1 (Backblaze: the part of the S3 endpoint after "s3.").' },
    { name: 'bucket', label: 'Bucket', kind: 'text', required: true, help: 'An existing bucket; RAIC does not create buckets.' },
    { name: 'prefix', label: 'Folder in the bucket', kind: 'text', required: false, help: 'Optional, e.g. raic/ to keep RAIC\'s objects apart.' },
    { name: 'accessKeyId', label: 'Access key ID', kind: 'text', required: true, help: 'From the provider\'s key or token page (AWS: IAM, Security credentials; Backblaze: App Keys, keyID).' },
    { name: 'secretAccessKey', label: 'Secret access key', kind: 'password', required: true, help: 'Shown once when the key is created; stored only in your keychain.' },
  ],
  refine(input, issue) {
    if (input.preset === 'other' && !input.endpoint) issue('endpoint', 'Give the server address (e.g. https://minio.example:9000).');
    if (input.preset === 'cloudflare-r2' && !input.accountId) issue('accountId', 'Give your Cloudflare account ID (shown in the R2 dashboard).');
  },
  pickerRank: 10,
  presets: PRESETS,
  defaults: {
    lossProbability: 0.02,
    availability: 0.995,
    rationale: 'Estimate. Same as an unknown S3-compatible provider.',
    price: { storagePerGBMonth: 0.01, currency: 'USD' },
    kindName: 'S3-compatible storage',
  },
  describeLocation: (s) => `${s.preset === 'other' ? String(s.endpoint) : String(s.preset)} bucket ${String(s.bucket)}${s.prefix ? `/${String(s.prefix)}` : ''}`,
});
