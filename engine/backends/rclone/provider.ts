/**
 * The rclone bridge as the UI, the CLI and the config see it: any remote
 * rclone can reach (some fifty providers), given by its rclone type and
 * options. Pure data and zod (shared-level): the backend that runs rclone is
 * in this folder's index.ts.
 *
 * Options are `key=value` lines (rclone's own option names, as `rclone config
 * create` takes them). The ones that are secrets (a password, a token) live
 * in `secretOptions`, which goes to the keychain; everything else is a
 * setting in grid.json.
 */
import { z } from 'zod';
import { commonAccountFields, defineProvider } from '../../../shared/provider-kit';

/** rclone option names: lower case, digits and underscores (e.g. `key_file_pass`). */
export const RCLONE_OPTION_KEY = /^[a-z][a-z0-9_]*$/;

/**
 * Options that are secrets for the remotes people use most (rclone marks them
 * IsPassword or sensitive). One of these among the plain options is refused,
 * so it cannot land in grid.json or shell history; the backend checks rclone's
 * own list as well.
 */
export const WELL_KNOWN_SECRET_OPTIONS: readonly string[] = [
  'pass',
  'password',
  'key_file_pass',
  'key_pem',
  'token',
  'client_secret',
  'secret_access_key',
  'session_token',
  'account_key',
  'sas_url',
  'service_account_credentials',
  'bearer_token',
  'api_key',
  'app_key',
  'access_token',
  'refresh_token',
];

export type OptionLines = Record<string, string>;

/**
 * Parses `key=value` lines into options; the first problem is thrown as a
 * sentence naming the line and key, never the value (it may be a secret).
 */
export function parseOptionLines(text: string): OptionLines {
  const options: OptionLines = {};
  text.split('\n').forEach((rawLine, index) => {
    const line = rawLine.replace(/\r$/, '');
    if (line.trim() === '') return;
    const equals = line.indexOf('=');
    if (equals <= 0) throw new Error(`option line ${index + 1} is not key=value`);
    const key = line.slice(0, equals).trim();
    const value = line.slice(equals + 1).trim();
    if (!RCLONE_OPTION_KEY.test(key)) throw new Error(`option "${key}" is not an rclone option name (lower-case letters, digits and _)`);
    if (key === 'type') throw new Error('give the remote type as the remote type, not as an option');
    if (key in options) throw new Error(`option ${key} is given twice`);
    if (value === '') throw new Error(`option ${key} has no value`);
    options[key] = value;
  });
  return options;
}

/** The same lines back, one option a line, in the order given. */
export function formatOptionLines(options: Readonly<OptionLines>): string {
  return Object.entries(options)
    .map(([key, value]) => `${key}=${value}`)
    .join('\n');
}

function optionLinesProblem(text: string): string | undefined {
  try {
    parseOptionLines(text);
    return undefined;
  } catch (error) {
    return (error as Error).message;
  }
}

const optionLines = (what: 'options' | 'secret options') =>
  z
    .string()
    .max(16384, `The ${what} are too long.`)
    .superRefine((text, ctx) => {
      const problem = optionLinesProblem(text);
      if (problem) ctx.addIssue({ code: 'custom', message: `The ${what}: ${problem}.` });
    });

/**
 * Risk figures by rclone remote type. For consumer clouds the account, not
 * the disk, is what fails: closures for suspected abuse or a terms breach
 * (decided by automation, with little recourse), deletion after long
 * inactivity, and lock-outs (a lost second factor, a revoked sign-in). Each
 * is judged likelier than losing data at a large object store (S3: 0.5 %
 * a year). Availability also counts rate limits and sign-ins that need
 * renewing. All are estimates, explained in docs/robustness.md.
 */
const CONSUMER_CLOUD_RISK =
  'Estimate. A consumer cloud: account closure, a ban or a lock-out (lost second factor, revoked sign-in) weigh far more than disk failures; outages, rate limits and expired sign-ins lower availability.';
const SMALLER_CLOUD_RISK =
  'Estimate. A smaller consumer cloud: as for the large ones (closure, ban, lock-out), plus the chance that the company stops or changes its free plan.';

function consumerCloud(kindName: string, lossProbability: number, availability: number, rationale = CONSUMER_CLOUD_RISK) {
  return { lossProbability, availability, rationale, price: { storagePerGBMonth: 0, currency: 'USD' }, kindName };
}

export const RCLONE_RISK_BY_TYPE = {
  drive: consumerCloud('Google Drive (rclone)', 0.015, 0.995),
  onedrive: consumerCloud('OneDrive (rclone)', 0.015, 0.995),
  dropbox: consumerCloud('Dropbox (rclone)', 0.015, 0.995),
  box: consumerCloud('Box (rclone)', 0.015, 0.995),
  pcloud: consumerCloud('pCloud (rclone)', 0.02, 0.99, SMALLER_CLOUD_RISK),
  jottacloud: consumerCloud('Jottacloud (rclone)', 0.02, 0.99, SMALLER_CLOUD_RISK),
  koofr: consumerCloud('Koofr (rclone)', 0.02, 0.99, SMALLER_CLOUD_RISK),
  mega: consumerCloud('MEGA (rclone)', 0.02, 0.99, SMALLER_CLOUD_RISK),
  yandex: consumerCloud(
    'Yandex Disk (rclone)',
    0.03,
    0.98,
    'Estimate. A consumer cloud as the others, plus access that sanctions or payment restrictions can cut off for whole countries.',
  ),
  local: {
    lossProbability: 0.03,
    availability: 0.99,
    rationale: 'Estimate. A folder on this machine reached through rclone: as a local folder (one consumer disk).',
    price: { storagePerGBMonth: 0, currency: 'USD' },
    kindName: 'Folder (rclone)',
  },
  sftp: {
    lossProbability: 0.03,
    availability: 0.99,
    rationale: 'Estimate. One server the user runs or rents, reached through rclone: as an SFTP account.',
    price: { storagePerGBMonth: 0, currency: 'USD' },
    kindName: 'SFTP server (rclone)',
  },
  webdav: {
    lossProbability: 0.03,
    availability: 0.99,
    rationale: 'Estimate. A WebDAV server reached through rclone: as a WebDAV account.',
    price: { storagePerGBMonth: 0, currency: 'USD' },
    kindName: 'WebDAV server (rclone)',
  },
  s3: {
    lossProbability: 0.02,
    availability: 0.995,
    rationale: 'Estimate. An S3-compatible store we know nothing more about, reached through rclone: as an S3 account of an unknown provider.',
    price: { storagePerGBMonth: 0, currency: 'USD' },
    kindName: 'S3-compatible (rclone)',
  },
} as const;

export const rcloneProvider = defineProvider({
  id: 'rclone',
  label: 'Other rclone remote',
  description: 'Any cloud rclone reaches (Google Drive, OneDrive, Dropbox, …), by its rclone type and options.',
  storage: 'blob-store',
  schema: z.object({
    provider: z.literal('rclone'),
    ...commonAccountFields,
    remoteType: z
      .string()
      .trim()
      .min(1, 'Give the rclone remote type.')
      .max(64)
      .regex(/^[a-z][a-z0-9]*$/, 'Give the rclone remote type as rclone names it, e.g. drive, onedrive, sftp or local (rclone help backends lists them).'),
    /** The folder on the remote that holds RAIC's objects; empty for the remote's top. */
    root: z
      .string()
      .trim()
      .max(1024, 'The folder on the remote is at most 1024 characters.')
      .refine((root) => !root.includes('\n'), 'The folder on the remote is one line.')
      .optional(),
    options: optionLines('options')
      .refine((text) => !Object.keys(parseOptionLinesOrEmpty(text)).some((key) => WELL_KNOWN_SECRET_OPTIONS.includes(key)), {
        message: 'A password or token is a secret option: give it with the secret options (stored only in your keychain), not with the other options.',
      })
      .optional(),
    secretOptions: optionLines('secret options').optional(),
  }),
  secretFields: ['secretOptions'],
  fields: [
    { name: 'remoteType', label: 'rclone remote type', kind: 'text', required: true, help: 'As rclone names it: drive, onedrive, dropbox, box, pcloud, sftp, webdav, s3, local …' },
    { name: 'root', label: 'Folder on the remote', kind: 'text', required: false, help: 'Where RAIC keeps its objects; empty for the top of the remote.' },
    { name: 'options', label: 'Options', kind: 'textarea', required: false, help: 'One key=value a line, rclone option names (e.g. host=example.org).' },
    {
      name: 'secretOptions',
      label: 'Secret options',
      kind: 'textarea',
      required: false,
      help: 'Passwords and tokens, one key=value a line (e.g. pass=…); stored only in your keychain.',
    },
  ],
  refine(input, issue) {
    const plain = parseOptionLinesOrEmpty(input.options ?? '');
    const secret = parseOptionLinesOrEmpty(input.secretOptions ?? '');
    for (const key of Object.keys(secret)) if (key in plain) issue('secretOptions', `Option ${key} is given both as a plain and as a secret option.`);
  },
  pickerRank: 60,
  defaults: {
    lossProbability: 0.02,
    availability: 0.99,
    rationale: 'Estimate. A consumer or business cloud reached through rclone: account closures, bans and lockouts weigh more than disk failures.',
    price: { storagePerGBMonth: 0, currency: 'USD' },
    kindName: 'rclone remote',
  },
  defaultsBySetting: { field: 'remoteType', table: RCLONE_RISK_BY_TYPE },
  describeLocation: (s) => `rclone ${String(s.remoteType)} remote${s.root ? `, folder ${String(s.root)}` : ''}`,
});

function parseOptionLinesOrEmpty(text: string): OptionLines {
  try {
    return parseOptionLines(text);
  } catch {
    return {};
  }
}
