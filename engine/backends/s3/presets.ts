/**
 * Where each S3-compatible provider lives: its endpoint pattern, the region
 * to sign for, and whether buckets go in the path or the host name. Users pick
 * a provider and a region; the endpoint follows from this table.
 */

import type { S3PresetId } from './provider';

/** The S3 presets (shared with the descriptor, provider.ts). */
export type S3ProviderId = S3PresetId;

export interface S3Preset {
  label: string;
  /** Endpoint with {region} or {accountId} placeholders; undefined lets the SDK use AWS's own. */
  endpointPattern?: string;
  defaultRegion: string;
  /** Example regions, for the settings form. */
  exampleRegions: string[];
  /** Path-style addressing (https://endpoint/bucket/key) instead of virtual-hosted (https://bucket.endpoint/key). */
  forcePathStyle: boolean;
  /** Settings beyond region that the endpoint needs. */
  needs: Array<'accountId' | 'endpoint'>;
  /** Where the access key and secret come from, in the provider's words. */
  credentialsHint: string;
}

export const S3_PRESETS: Readonly<Record<S3ProviderId, S3Preset>> = {
  aws: {
    label: 'Amazon S3',
    endpointPattern: undefined,
    defaultRegion: 'us-east-1',
    exampleRegions: ['us-east-1', 'us-west-2', 'eu-west-1', 'eu-central-1', 'ap-southeast-1'],
    forcePathStyle: false,
    needs: [],
    credentialsHint: 'an IAM access key ID and secret access key with s3:GetObject, PutObject, DeleteObject and ListBucket on the bucket',
  },
  'backblaze-b2': {
    label: 'Backblaze B2',
    endpointPattern: 'https://s3.{region}.backblazeb2.com',
    defaultRegion: 'us-west-004',
    exampleRegions: ['us-west-000', 'us-west-001', 'us-west-002', 'us-west-004', 'us-east-005', 'eu-central-003'],
    forcePathStyle: false,
    needs: [],
    credentialsHint: 'an application key: keyID as access key, applicationKey as secret (the region is in the bucket\'s S3 endpoint)',
  },
  wasabi: {
    label: 'Wasabi',
    endpointPattern: 'https://s3.{region}.wasabisys.com',
    defaultRegion: 'us-east-1',
    exampleRegions: ['us-east-1', 'us-east-2', 'us-west-1', 'eu-central-1', 'eu-west-1', 'ap-northeast-1'],
    forcePathStyle: false,
    needs: [],
    credentialsHint: 'a Wasabi access key and secret key',
  },
  'cloudflare-r2': {
    label: 'Cloudflare R2',
    endpointPattern: 'https://{accountId}.r2.cloudflarestorage.com',
    defaultRegion: 'auto',
    exampleRegions: ['auto'],
    forcePathStyle: true,
    needs: ['accountId'],
    credentialsHint: 'an R2 API token\'s access key ID and secret access key, and the Cloudflare account ID',
  },
  'google-cloud-storage': {
    label: 'Google Cloud Storage (S3-interoperable XML API)',
    endpointPattern: 'https://storage.googleapis.com',
    defaultRegion: 'auto',
    exampleRegions: ['auto'],
    forcePathStyle: true,
    needs: [],
    credentialsHint: 'an HMAC key (Cloud Storage settings, Interoperability): access ID and secret',
  },
  other: {
    label: 'MinIO or another S3-compatible server',
    endpointPattern: undefined,
    defaultRegion: 'us-east-1',
    exampleRegions: ['us-east-1'],
    forcePathStyle: true,
    needs: ['endpoint'],
    credentialsHint: 'the server\'s access key and secret key',
  },
};

export interface S3Location {
  endpoint?: string;
  region: string;
  forcePathStyle: boolean;
}

/** Endpoint, region and addressing for a provider, from the user's few choices. */
export function resolveS3Location(provider: S3ProviderId, choices: { region?: string; accountId?: string; endpoint?: string } = {}): S3Location {
  const preset = S3_PRESETS[provider];
  const region = choices.region || preset.defaultRegion;
  if (preset.needs.includes('accountId') && !choices.accountId) throw new Error(`${preset.label} needs the account ID for its endpoint`);
  if (preset.needs.includes('endpoint') && !choices.endpoint) throw new Error(`${preset.label} needs the server's endpoint URL`);
  const endpoint =
    choices.endpoint ??
    preset.endpointPattern?.replace('{region}', encodeURIComponent(region)).replace('{accountId}', encodeURIComponent(choices.accountId ?? ''));
  return { endpoint, region, forcePathStyle: preset.forcePathStyle };
}
