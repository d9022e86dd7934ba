/**
 * Starting figures for an account's yearly loss probability, its availability
 * and its storage price, by provider kind. They are estimates a user is meant
 * to edit; docs/robustness.md says where each one comes from.
 *
 * Keys: a back-end kind ('local', 'swift', 'webdav', 'sftp'), 's3' for an
 * S3-compatible provider we know nothing more about, or 's3:<preset>' for one
 * of the S3 presets in engine/backends/s3/presets.ts.
 */
import type { PriceEntry } from './types';

export interface RiskDefault {
  lossProbability: number;
  availability: number;
  /** What kind of source the figure rests on, in a sentence. */
  rationale: string;
}

/** Used for a kind this table does not know: deliberately pessimistic. */
export const UNKNOWN_KIND_KEY = 'unknown';

const LARGE_OBJECT_STORE_RATIONALE =
  'Estimate. Stored objects are replicated or erasure-coded by the provider (published design durability 11 nines), so account-level events dominate: closure, a billing lapse, a ban, lost credentials. Availability from the provider SLA (about 99.9%).';

export const DEFAULT_RISK_BY_KIND: Record<string, RiskDefault> = {
  local: {
    lossProbability: 0.03,
    availability: 0.99,
    rationale:
      'Estimate. One disk without redundancy: published disk annualized failure rates (Backblaze Drive Stats, about 1.4-1.7% a year in 2022-2024) plus accidental deletion, theft and fire. Availability allows for an external disk being unplugged.',
  },
  's3:aws': { lossProbability: 0.005, availability: 0.999, rationale: LARGE_OBJECT_STORE_RATIONALE },
  's3:backblaze-b2': { lossProbability: 0.005, availability: 0.999, rationale: LARGE_OBJECT_STORE_RATIONALE },
  's3:wasabi': { lossProbability: 0.005, availability: 0.999, rationale: LARGE_OBJECT_STORE_RATIONALE },
  's3:cloudflare-r2': { lossProbability: 0.005, availability: 0.999, rationale: LARGE_OBJECT_STORE_RATIONALE },
  's3:google-cloud-storage': { lossProbability: 0.005, availability: 0.999, rationale: LARGE_OBJECT_STORE_RATIONALE },
  's3:other': {
    lossProbability: 0.02,
    availability: 0.995,
    rationale: 'Estimate. An S3-compatible service of unknown size: a small provider closing down or an account being closed is more likely than at the large providers; no SLA assumed.',
  },
  s3: {
    lossProbability: 0.02,
    availability: 0.995,
    rationale: 'Estimate. Same as an unknown S3-compatible provider.',
  },
  swift: {
    lossProbability: 0.01,
    availability: 0.995,
    rationale: 'Estimate. OpenStack Swift at a hosting company: provider-side replication, account-closure risk as for a mid-size provider.',
  },
  webdav: {
    lossProbability: 0.03,
    availability: 0.99,
    rationale: 'Estimate. Often a personal or small-business server (Nextcloud, a NAS): disk failure and administration mistakes as for a local disk.',
  },
  sftp: {
    lossProbability: 0.03,
    availability: 0.99,
    rationale: 'Estimate. Usually one server the user runs or rents: as for a local disk, with network outages lowering availability.',
  },
  [UNKNOWN_KIND_KEY]: {
    lossProbability: 0.05,
    availability: 0.99,
    rationale: 'Estimate. A kind the model has no figures for: pessimistic on purpose, edit it.',
  },
};

/** Storage list prices per GB-month (1 GB = 1e9 bytes). Estimates are marked in the docs. */
export const DEFAULT_PRICES: Record<string, PriceEntry> = {
  local: { storagePerGBMonth: 0, currency: 'USD' },
  's3:aws': { storagePerGBMonth: 0.023, currency: 'USD' },
  's3:backblaze-b2': { storagePerGBMonth: 0.006, currency: 'USD' },
  's3:wasabi': { storagePerGBMonth: 0.0069, currency: 'USD' },
  's3:cloudflare-r2': { storagePerGBMonth: 0.015, currency: 'USD' },
  's3:google-cloud-storage': { storagePerGBMonth: 0.02, currency: 'USD' },
  's3:other': { storagePerGBMonth: 0.01, currency: 'USD' },
  s3: { storagePerGBMonth: 0.01, currency: 'USD' },
  swift: { storagePerGBMonth: 0.01, currency: 'USD' },
  webdav: { storagePerGBMonth: 0, currency: 'USD' },
  sftp: { storagePerGBMonth: 0, currency: 'USD' },
  [UNKNOWN_KIND_KEY]: { storagePerGBMonth: 0, currency: 'USD' },
};

/** The table key for a kind and, for S3, its preset; falls back to the kind, then to UNKNOWN_KIND_KEY. */
export function defaultsKey(kind: string, preset?: string): string {
  if (preset !== undefined) {
    const presetKey = `${kind}:${preset}`;
    if (presetKey in DEFAULT_RISK_BY_KIND) return presetKey;
  }
  return kind in DEFAULT_RISK_BY_KIND ? kind : UNKNOWN_KIND_KEY;
}

export function defaultRisk(kind: string, preset?: string): { lossProbability: number; availability: number } {
  const { lossProbability, availability } = DEFAULT_RISK_BY_KIND[defaultsKey(kind, preset)];
  return { lossProbability, availability };
}

export function defaultPrice(kind: string, preset?: string): PriceEntry {
  return { ...DEFAULT_PRICES[defaultsKey(kind, preset)] };
}
