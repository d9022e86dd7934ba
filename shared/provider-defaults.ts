/**
 * Starting figures for an account's yearly loss probability, its availability
 * and its storage price, by provider kind. They are estimates a user is meant
 * to edit; docs/robustness.md says where each one comes from.
 *
 * Pure tables, so the UI can show them beside its forms. Each provider's figures live in its descriptor
 * (engine/backends/<provider>/provider.ts); these tables gather them. Keys: a
 * provider id ('local', 'swift', 'webdav', 'sftp'), 's3' for an S3-compatible
 * provider we know nothing more about, or '<provider>:<preset>' for a preset
 * (the S3 presets).
 */
import { providerDefaultsByKey, UNKNOWN_KIND_KEY } from './providers';

/** A storage price: what the robustness model's cost figures and the price table in Settings use. */
export interface PriceEntry {
  /** Currency units per GB (1e9 bytes) stored per month. */
  storagePerGBMonth: number;
  currency: string;
}

export interface RiskDefault {
  lossProbability: number;
  availability: number;
  /** What kind of source the figure rests on, in a sentence. */
  rationale: string;
}

/** Used for a kind this table does not know: deliberately pessimistic. */
export { UNKNOWN_KIND_KEY };

const UNKNOWN_KIND_RISK: RiskDefault = {
  lossProbability: 0.05,
  availability: 0.99,
  rationale: 'Estimate. A kind the model has no figures for: pessimistic on purpose, edit it.',
};

const BY_KEY = Object.entries(providerDefaultsByKey());

export const DEFAULT_RISK_BY_KIND: Record<string, RiskDefault> = {
  ...Object.fromEntries(BY_KEY.map(([key, d]) => [key, { lossProbability: d.lossProbability, availability: d.availability, rationale: d.rationale }])),
  [UNKNOWN_KIND_KEY]: UNKNOWN_KIND_RISK,
};

/** Storage list prices per GB-month (1 GB = 1e9 bytes). Estimates are marked in the docs. */
export const DEFAULT_PRICES: Record<string, PriceEntry> = {
  ...Object.fromEntries(BY_KEY.map(([key, d]) => [key, { ...d.price }])),
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
