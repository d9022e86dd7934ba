/**
 * What a provider descriptor is made of: the shape every
 * `engine/backends/<provider>/provider.ts` exports, and the zod building
 * blocks their account schemas share. Pure data and zod only, so the
 * descriptors (and this file) can be imported by the renderer without pulling
 * in any backend code.
 */
import { z } from 'zod';

export const accountName = z
  .string()
  .trim()
  .min(1, 'Give the account a name.')
  .max(64, 'Account names are at most 64 characters.')
  .regex(/^[\p{L}\p{N} ._'’()-]+$/u, 'Use letters, digits, spaces and . _ - ’ ( ) in the name.');

export const absolutePath = (what: string) =>
  z
    .string()
    .trim()
    .min(1, `Choose ${what}.`)
    .refine((p) => p.startsWith('/') || /^[A-Za-z]:[\\/]/.test(p), 'Give the full path (it must start with / or a drive letter).');

export const httpUrl = (what: string) =>
  z
    .string()
    .trim()
    .min(1, `Give ${what}.`)
    .refine((u) => {
      try {
        const url = new URL(u);
        return (url.protocol === 'https:' || url.protocol === 'http:') && url.username === '' && url.password === '';
      } catch {
        return false;
      }
    }, `Give ${what} as a full http:// or https:// address, without a user name or password in it.`);

/** A folder-like prefix inside a bucket, container or share; empty for the whole of it. */
export const objectPrefix = z
  .string()
  .trim()
  .max(200, 'The folder inside the bucket is at most 200 characters.')
  .regex(/^([A-Za-z0-9._-]+\/)*$/, 'Write the folder as name/ or name/sub/ (letters, digits, . _ -), ending with a slash, or leave it empty.')
  .optional();

export const secret = (what: string) => z.string().min(1, `Give the ${what}.`).max(16384, `The ${what} is too long.`);

/** Settings every account has besides its provider's own; every descriptor's schema spreads them in. */
export const commonAccountFields = {
  name: accountName,
  /** The most RAIC may store on this account; absent for no limit. */
  sizeLimitBytes: z.number().int().positive('The size limit must be a positive number of bytes.').optional(),
  /** Chance of losing this account's data within a year (0..1); default by provider kind. */
  lossProbability: z.number().min(0, 'A probability is between 0 and 1.').max(1, 'A probability is between 0 and 1.').optional(),
  /** Fraction of time the account is reachable (0..1); default by provider kind. */
  availability: z.number().min(0, 'Availability is between 0 and 1.').max(1, 'Availability is between 0 and 1.').optional(),
  /**
   * Create the account's folder before the connection test when it is missing
   * (offered after a test found it missing; for providers that can, e.g. WebDAV).
   * A request, never saved with the account.
   */
  createFolder: z.literal(true, 'createFolder is either true or left out.').optional(),
};

/** Names of the common fields, kept at the top level of an account's config entry rather than in its settings. */
export const COMMON_ACCOUNT_FIELDS: readonly string[] = ['provider', ...Object.keys(commonAccountFields)];

export interface ProviderField {
  name: string;
  label: string;
  kind: 'text' | 'password' | 'textarea' | 'number' | 'select' | 'path' | 'url';
  required: boolean;
  help: string;
  options?: readonly { value: string; label: string }[];
  /** Shown only when another field has one of these values. */
  when?: { field: string; values: readonly string[] };
}

/** Starting figures for the robustness model and the price table; docs/robustness.md says where they come from. */
export interface ProviderDefaults {
  lossProbability: number;
  availability: number;
  /** What kind of source the figure rests on, in a sentence. */
  rationale: string;
  /** Storage list price per GB-month (1 GB = 1e9 bytes). */
  price: { storagePerGBMonth: number; currency: string };
  /** The kind in words, as the price table in Settings names it. */
  kindName: string;
}

/**
 * One flavour of a provider people know by its own name (Wasabi, Backblaze B2
 * are flavours of S3). Each preset gets its own tile in the add-account picker,
 * and the account's `preset` setting records which one it is.
 */
export interface ProviderPreset {
  value: string;
  label: string;
  /** One line for its tile, in the user's terms. */
  description: string;
  /** Field help that is more precise for this preset than the generic text. */
  help?: Readonly<Record<string, string>>;
  defaults?: ProviderDefaults;
}

/** How the service reaches a provider's storage. */
export type ProviderStorage =
  /** A BlobStore from engine/backends/<provider>/, behind the generic blob storage server. */
  | 'blob-store'
  /** A Tahoe-LAFS storage server over the HTTP storage protocol (engine/storage/gbs). */
  | 'tahoe-gbs';

/**
 * Everything RAIC knows about a provider except how to talk to it: the
 * account schema, which fields are secret, the form, the picker tiles, the
 * default risk and price, and how to say where an account keeps its data.
 */
export interface ProviderDescriptor<Id extends string = string, Schema extends z.ZodObject = z.ZodObject, Storage extends ProviderStorage = ProviderStorage> {
  id: Id;
  label: string;
  description: string;
  storage: Storage;
  /** `provider: z.literal(id)`, the common fields, and the provider's own. */
  schema: Schema;
  /** Fields that go to the keychain, never to the config file. */
  secretFields: readonly string[];
  /** What the add-account form shows, in the order it shows it. */
  fields: readonly ProviderField[];
  /** Rules across fields, checked after the schema parsed (report each problem with `issue`). */
  refine?(input: z.output<Schema>, issue: (field: string, message: string) => void): void;
  /** Where its tiles go in the add-account picker: lower first. */
  pickerRank: number;
  presets?: readonly ProviderPreset[];
  /** Absent: the pessimistic figures for an unknown kind apply. */
  defaults?: ProviderDefaults;
  /**
   * For a provider that is many providers behind one protocol (the rclone
   * bridge): figures by the value of one of its settings (the remote type),
   * keyed "<id>:<value>" like presets; a value not in the table gets `defaults`.
   */
  defaultsBySetting?: { field: string; table: Readonly<Record<string, ProviderDefaults>> };
  /** Where an account keeps its data, in words for the UI (never a secret), from its saved settings. */
  describeLocation(settings: Readonly<Record<string, unknown>>): string;
  /** The service can create the account's folder when a connection test finds it missing (the form then offers "Create the folder"). */
  canCreateFolder?: boolean;
}

/** Identity, for type inference: `export const fooProvider = defineProvider({ ... })`. */
export function defineProvider<Id extends string, Schema extends z.ZodObject, Storage extends ProviderStorage>(
  descriptor: ProviderDescriptor<Id, Schema, Storage>,
): ProviderDescriptor<Id, Schema, Storage> {
  return descriptor;
}
