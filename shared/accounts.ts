/**
 * What a user types to add a storage account, per provider, as zod schemas
 * every side shares: the service validates with them, the UI builds its forms
 * from PROVIDERS, and the CLI maps its flags onto the same shapes. Secret
 * fields are listed per provider so the service can send exactly those to the
 * keychain and keep everything else in the grid config.
 */
import { z } from 'zod';

export const PROVIDER_IDS = ['local', 's3', 'swift', 'webdav', 'sftp', 'tahoe'] as const;
export type ProviderId = (typeof PROVIDER_IDS)[number];

export const S3_PRESET_IDS = ['aws', 'backblaze-b2', 'wasabi', 'cloudflare-r2', 'google-cloud-storage', 'other'] as const;
export type S3PresetId = (typeof S3_PRESET_IDS)[number];

export const accountName = z
  .string()
  .trim()
  .min(1, 'Give the account a name.')
  .max(64, 'Account names are at most 64 characters.')
  .regex(/^[\p{L}\p{N} ._'’()-]+$/u, 'Use letters, digits, spaces and . _ - ’ ( ) in the name.');

const absolutePath = (what: string) =>
  z
    .string()
    .trim()
    .min(1, `Choose ${what}.`)
    .refine((p) => p.startsWith('/') || /^[A-Za-z]:[\\/]/.test(p), 'Give the full path (it must start with / or a drive letter).');

const httpUrl = (what: string) =>
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

const bucketName = z
  .string()
  .trim()
  .min(3, 'Bucket names are 3 to 63 characters.')
  .max(63, 'Bucket names are 3 to 63 characters.')
  .regex(/^[a-z0-9][a-z0-9.-]*[a-z0-9]$/, 'Bucket names use lowercase letters, digits, dots and dashes, and start and end with a letter or digit.');

/** A folder-like prefix inside a bucket, container or share; empty for the whole of it. */
const objectPrefix = z
  .string()
  .trim()
  .max(200, 'The folder inside the bucket is at most 200 characters.')
  .regex(/^([A-Za-z0-9._-]+\/)*$/, 'Write the folder as name/ or name/sub/ (letters, digits, . _ -), ending with a slash, or leave it empty.')
  .optional();

const secret = (what: string) => z.string().min(1, `Give the ${what}.`).max(16384, `The ${what} is too long.`);

/** Settings every account has besides its provider's own. */
const commonFields = {
  name: accountName,
  /** The most RAIC may store on this account; absent for no limit. */
  sizeLimitBytes: z.number().int().positive('The size limit must be a positive number of bytes.').optional(),
  /** Chance of losing this account's data within a year (0..1); default by provider kind. */
  lossProbability: z.number().min(0, 'A probability is between 0 and 1.').max(1, 'A probability is between 0 and 1.').optional(),
  /** Fraction of time the account is reachable (0..1); default by provider kind. */
  availability: z.number().min(0, 'Availability is between 0 and 1.').max(1, 'Availability is between 0 and 1.').optional(),
};

export const LocalAccountInputSchema = z.object({
  provider: z.literal('local'),
  ...commonFields,
  path: absolutePath('the folder where this account keeps its shares'),
});

export const S3AccountInputSchema = z.object({
  provider: z.literal('s3'),
  ...commonFields,
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
});

export const SwiftAccountInputSchema = z.object({
  provider: z.literal('swift'),
  ...commonFields,
  auth: z.enum(['tempauth', 'keystone-password', 'keystone-application-credential'], {
    message: 'Choose how to sign in: tempauth, keystone-password or keystone-application-credential.',
  }),
  authUrl: httpUrl('the authentication address'),
  /** tempauth user ("account:user") or Keystone user name, or the application credential ID. */
  user: z.string().trim().min(1, 'Give the user name (or the application credential ID).').max(256),
  /** tempauth key, Keystone password or application credential secret. */
  password: secret('password or key'),
  projectName: z.string().trim().max(256).optional(),
  userDomainName: z.string().trim().max(256).optional(),
  projectDomainName: z.string().trim().max(256).optional(),
  region: z.string().trim().max(64).optional(),
  container: z
    .string()
    .trim()
    .min(1, 'Give the container name.')
    .max(256, 'Container names are at most 256 characters.')
    .refine((c) => !c.includes('/'), 'Container names cannot contain a slash.'),
  prefix: objectPrefix,
});

export const WebDavAccountInputSchema = z.object({
  provider: z.literal('webdav'),
  ...commonFields,
  /** The collection RAIC writes into, e.g. https://cloud.example/remote.php/dav/files/me/RAIC/ */
  url: httpUrl('the WebDAV folder address'),
  username: z.string().trim().min(1, 'Give the user name.').max(256),
  password: secret('password (or app password)'),
});

export const SftpAccountInputSchema = z.object({
  provider: z.literal('sftp'),
  ...commonFields,
  host: z
    .string()
    .trim()
    .min(1, 'Give the server name or address.')
    .max(253)
    .regex(/^[A-Za-z0-9.:[\]-]+$/, 'Give a host name or IP address, without user name or port.'),
  port: z.number().int().min(1, 'Ports are 1 to 65535.').max(65535, 'Ports are 1 to 65535.').optional(),
  username: z.string().trim().min(1, 'Give the user name.').max(256),
  password: secret('password').optional(),
  privateKey: secret('private key').optional(),
  passphrase: secret('key passphrase').optional(),
  root: z.string().trim().min(1, 'Give the folder on the server (it must exist).').max(1024),
  /** "SHA256:..." as ssh-keygen -l prints it; when set, any other host key is refused. */
  hostKeySha256: z
    .string()
    .trim()
    .regex(/^SHA256:[A-Za-z0-9+/]{43}=?$/, 'Write the host key fingerprint as ssh-keygen -l prints it: SHA256: followed by 43 characters.')
    .optional(),
});

/** A Tahoe-LAFS storage server (or another RAIC sharing an account) reached by its NURL over the HTTP storage protocol. */
export const TahoeAccountInputSchema = z.object({
  provider: z.literal('tahoe'),
  ...commonFields,
  /** pb://<SPKI hash>@<host>:<port>/<swissnum>#v=1 — the swissnum in it is a credential, so the NURL is kept as a secret. */
  nurl: z
    .string()
    .trim()
    .regex(
      /^pb:\/\/[A-Za-z0-9_-]{43}@[^/@\s]+:\d{1,5}\/[A-Za-z0-9_-]+#v=1$/,
      'Paste the NURL exactly as the server printed it: pb://<43 characters>@<host>:<port>/<swissnum>#v=1',
    ),
  /** host:port, taken from the NURL when the account is saved (the NURL itself is secret). */
  server: z.string().trim().max(300).optional(),
});

export const AccountInputSchema = z
  .discriminatedUnion('provider', [
    LocalAccountInputSchema,
    S3AccountInputSchema,
    SwiftAccountInputSchema,
    WebDavAccountInputSchema,
    SftpAccountInputSchema,
    TahoeAccountInputSchema,
  ])
  .superRefine((input, ctx) => {
    if (input.provider === 's3') {
      if (input.preset === 'other' && !input.endpoint) ctx.addIssue({ code: 'custom', path: ['endpoint'], message: 'Give the server address (e.g. https://minio.example:9000).' });
      if (input.preset === 'cloudflare-r2' && !input.accountId) ctx.addIssue({ code: 'custom', path: ['accountId'], message: 'Give your Cloudflare account ID (shown in the R2 dashboard).' });
    }
    if (input.provider === 'sftp' && !input.password && !input.privateKey) {
      ctx.addIssue({ code: 'custom', path: ['password'], message: 'Give a password or a private key.' });
    }
    if (input.provider === 'swift' && input.auth === 'keystone-password' && !input.projectName) {
      ctx.addIssue({ code: 'custom', path: ['projectName'], message: 'Give the project (tenant) name to sign in to.' });
    }
  });
export type AccountInput = z.infer<typeof AccountInputSchema>;
export type AccountInputOf<P extends ProviderId> = Extract<AccountInput, { provider: P }>;

/** Fields that go to the keychain, never to the config file. */
export const SECRET_FIELDS: Readonly<Record<ProviderId, readonly string[]>> = {
  local: [],
  s3: ['accessKeyId', 'secretAccessKey'],
  swift: ['password'],
  webdav: ['password'],
  sftp: ['password', 'privateKey', 'passphrase'],
  tahoe: ['nurl'],
};

/** Fields that are neither secret nor common, i.e. the provider's own settings kept in the config. */
export function isSecretField(provider: ProviderId, field: string): boolean {
  return SECRET_FIELDS[provider].includes(field);
}

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

export interface ProviderInfo {
  id: ProviderId;
  label: string;
  description: string;
  fields: readonly ProviderField[];
}

const S3_PRESET_LABELS: Record<S3PresetId, string> = {
  aws: 'Amazon S3',
  'backblaze-b2': 'Backblaze B2',
  wasabi: 'Wasabi',
  'cloudflare-r2': 'Cloudflare R2',
  'google-cloud-storage': 'Google Cloud Storage',
  other: 'MinIO or other S3-compatible',
};

/** What the add-account form shows per provider, in the order it shows it. */
export const PROVIDERS: readonly ProviderInfo[] = [
  {
    id: 'local',
    label: 'Local folder or USB disk',
    description: 'A folder on this computer or on a disk plugged into it.',
    fields: [{ name: 'path', label: 'Folder', kind: 'path', required: true, help: 'The full path of the folder; RAIC creates it if its parent exists.' }],
  },
  {
    id: 's3',
    label: 'Amazon S3 and S3-compatible',
    description: 'Amazon S3, Backblaze B2, Wasabi, Cloudflare R2, Google Cloud Storage, MinIO and others.',
    fields: [
      { name: 'preset', label: 'Provider', kind: 'select', required: true, help: 'Who runs the storage.', options: S3_PRESET_IDS.map((id) => ({ value: id, label: S3_PRESET_LABELS[id] })) },
      { name: 'endpoint', label: 'Server address', kind: 'url', required: true, help: 'e.g. https://minio.example:9000', when: { field: 'preset', values: ['other'] } },
      { name: 'accountId', label: 'Account ID', kind: 'text', required: true, help: 'Shown in the Cloudflare dashboard, R2 overview.', when: { field: 'preset', values: ['cloudflare-r2'] } },
      { name: 'region', label: 'Region', kind: 'text', required: false, help: 'The bucket\'s region, e.g. eu-central-1 (Backblaze: the part of the S3 endpoint after "s3.").' },
      { name: 'bucket', label: 'Bucket', kind: 'text', required: true, help: 'An existing bucket; RAIC does not create buckets.' },
      { name: 'prefix', label: 'Folder in the bucket', kind: 'text', required: false, help: 'Optional, e.g. raic/ to keep RAIC\'s objects apart.' },
      { name: 'accessKeyId', label: 'Access key ID', kind: 'text', required: true, help: 'From the provider\'s key or token page (AWS: IAM, Security credentials; Backblaze: App Keys, keyID).' },
      { name: 'secretAccessKey', label: 'Secret access key', kind: 'password', required: true, help: 'Shown once when the key is created; stored only in your keychain.' },
    ],
  },
  {
    id: 'swift',
    label: 'OpenStack Swift',
    description: 'OpenStack object storage (OVHcloud, Infomaniak, Rackspace, your own Swift).',
    fields: [
      { name: 'auth', label: 'Sign-in method', kind: 'select', required: true, help: 'Keystone for public clouds; tempauth for Swift\'s built-in auth.', options: [
        { value: 'keystone-password', label: 'Keystone user and password' },
        { value: 'keystone-application-credential', label: 'Keystone application credential' },
        { value: 'tempauth', label: 'Swift tempauth' },
      ] },
      { name: 'authUrl', label: 'Authentication address', kind: 'url', required: true, help: 'Keystone: e.g. https://auth.cloud.example/v3; tempauth: http://host:8080/auth/v1.0' },
      { name: 'user', label: 'User', kind: 'text', required: true, help: 'Keystone user name, tempauth "account:user", or the application credential ID.' },
      { name: 'password', label: 'Password or key', kind: 'password', required: true, help: 'Stored only in your keychain.' },
      { name: 'projectName', label: 'Project', kind: 'text', required: true, help: 'The project (tenant) name from your provider\'s openrc file.', when: { field: 'auth', values: ['keystone-password'] } },
      { name: 'userDomainName', label: 'User domain', kind: 'text', required: false, help: 'Usually "Default".', when: { field: 'auth', values: ['keystone-password'] } },
      { name: 'region', label: 'Region', kind: 'text', required: false, help: 'The region from your openrc file, when the cloud has several.' },
      { name: 'container', label: 'Container', kind: 'text', required: true, help: 'An existing container.' },
      { name: 'prefix', label: 'Folder in the container', kind: 'text', required: false, help: 'Optional, e.g. raic/' },
    ],
  },
  {
    id: 'webdav',
    label: 'WebDAV / Nextcloud',
    description: 'Nextcloud, ownCloud, a NAS or any WebDAV server.',
    fields: [
      { name: 'url', label: 'Folder address', kind: 'url', required: true, help: 'Nextcloud: Files, Settings, WebDAV address, plus a folder, e.g. …/remote.php/dav/files/you/RAIC/' },
      { name: 'username', label: 'User name', kind: 'text', required: true, help: 'Your login name.' },
      { name: 'password', label: 'Password', kind: 'password', required: true, help: 'Prefer an app password (Nextcloud: Settings, Security). Stored only in your keychain.' },
    ],
  },
  {
    id: 'sftp',
    label: 'SFTP server',
    description: 'Any computer you can reach with SSH.',
    fields: [
      { name: 'host', label: 'Server', kind: 'text', required: true, help: 'Host name or IP address.' },
      { name: 'port', label: 'Port', kind: 'number', required: false, help: '22 unless your server says otherwise.' },
      { name: 'username', label: 'User name', kind: 'text', required: true, help: 'Your SSH login.' },
      { name: 'password', label: 'Password', kind: 'password', required: false, help: 'A password or a private key; stored only in your keychain.' },
      { name: 'privateKey', label: 'Private key', kind: 'textarea', required: false, help: 'The text of an OpenSSH private key (id_ed25519).' },
      { name: 'passphrase', label: 'Key passphrase', kind: 'password', required: false, help: 'Only if the private key has one.' },
      { name: 'root', label: 'Folder on the server', kind: 'text', required: true, help: 'An existing folder RAIC may write into.' },
      { name: 'hostKeySha256', label: 'Host key fingerprint', kind: 'text', required: false, help: 'SHA256:… from ssh-keygen -l; the connection test shows the one it saw.' },
    ],
  },
  {
    id: 'tahoe',
    label: 'Tahoe-LAFS storage server',
    description: 'A Tahoe-LAFS storage node, or another RAIC sharing one of its accounts, over the HTTP storage protocol.',
    fields: [
      { name: 'nurl', label: 'NURL', kind: 'password', required: true, help: 'pb://…#v=1, as `raic gbs serve` or the server\'s node prints it; it contains an access code, so RAIC keeps it in your keychain.' },
    ],
  },
];
