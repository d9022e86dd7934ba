/**
 * The grid's configuration file (`<data dir>/grid.json`): versioned,
 * schema-validated, written atomically, and never holding a secret. The
 * grid's own keys (convergence and lease secrets) are kept in `private/`.
 */
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { randomBytes, randomUUID } from 'node:crypto';
import { z } from 'zod';
import { EncodingSchema } from '../shared/api';
import { PROVIDER_IDS } from '../shared/accounts';
import { writeFileAtomic } from './atomic-file';

export const CONFIG_FILE = 'grid.json';
export const CONFIG_VERSION = 2;

/** A provider's own non-secret settings (bucket, URL, folder…), as the user typed them. */
const SettingValue = z.union([z.string(), z.number(), z.boolean()]);

const AccountSchema = z.object({
  id: z.string().min(1),
  name: z.string().min(1),
  provider: z.enum(PROVIDER_IDS),
  settings: z.record(z.string(), SettingValue),
  /** Names of the fields kept in the secret store under "<id>/<field>"; the values are never here. */
  secretFields: z.array(z.string()).default([]),
  enabled: z.boolean().default(true),
  sizeLimitBytes: z.number().positive().optional(),
  lossProbability: z.number().min(0).max(1).optional(),
  availability: z.number().min(0).max(1).optional(),
  createdAt: z.number().optional(),
  /**
   * The user's correction of the detected failure domain (service/domain-grouping.ts):
   * on the same disk or login as another account, or independent of all others.
   */
  failureDomain: z.union([z.object({ sameAs: z.string().min(1) }).strict(), z.object({ own: z.literal(true) }).strict()]).optional(),
  /** Shared with Tahoe-LAFS clients over the HTTP storage protocol (service/gbs-sharing.ts). */
  sharing: z.object({ enabled: z.boolean(), port: z.number().int().min(0).max(65535), host: z.string().min(1) }).optional(),
});
export type AccountConfig = z.infer<typeof AccountSchema>;

export const MonitorConfigSchema = z.object({
  accountProbeIntervalMs: z.number().int().min(5_000).default(60_000),
  fileCheckIntervalMs: z.number().int().min(60_000).default(6 * 3600_000),
  verifyBytesPerHour: z.number().int().min(0).default(1024 ** 3),
  autoRepair: z.boolean().default(true),
  repairWhen: z.enum(['degraded', 'at-risk']).default('degraded'),
});
export type MonitorConfig = z.infer<typeof MonitorConfigSchema>;

/** How long deleted files stay in the trash and which previous versions are kept (service/catalog/retention.ts). */
export const RetentionConfigSchema = z.object({
  trashDays: z.number().int().min(1).default(30),
  keepVersions: z.number().int().min(0).default(10),
  versionDays: z.number().int().min(0).default(30),
});

/** Storage price per account kind ("local", "s3:aws", "webdav"…), editable by the user. */
export const PriceTableSchema = z.record(z.string(), z.object({ storagePerGBMonth: z.number().min(0), currency: z.string().min(1).max(8) }));

export const GridConfigSchema = z.object({
  version: z.literal(CONFIG_VERSION),
  encoding: EncodingSchema,
  accounts: z.array(AccountSchema),
  monitor: MonitorConfigSchema.default(MonitorConfigSchema.parse({})),
  /** Overrides of the built-in price list; absent kinds use the defaults. */
  prices: PriceTableSchema.default({}),
  /**
   * The shared part of the risk per failure domain id (a disk, a login), set by
   * the user; absent figures are estimated from the domain's accounts.
   */
  domainRisks: z
    .record(z.string(), z.object({ lossProbability: z.number().min(0).max(1).optional(), availability: z.number().min(0).max(1).optional() }))
    .default({}),
  retention: RetentionConfigSchema.default(RetentionConfigSchema.parse({})),
  /** False until the user went through the first-run wizard (grids from before the wizard count as set up). */
  setupComplete: z.boolean().default(true),
  /** The rclone program the user chose in Settings; absent: the packaged copy, else the PATH. */
  rclonePath: z.string().min(1).optional(),
});
export type GridConfig = z.infer<typeof GridConfigSchema>;

/** Version 1 (the walking skeleton) knew only local folders, with the path at the top level. */
const V1ConfigSchema = z.object({
  version: z.literal(1),
  encoding: EncodingSchema,
  accounts: z.array(
    z.object({
      id: z.string().min(1),
      name: z.string().min(1),
      type: z.literal('local'),
      path: z.string().min(1),
      enabled: z.boolean().default(true),
      sizeLimitBytes: z.number().positive().optional(),
    }),
  ),
});

function migrateV1(v1: z.infer<typeof V1ConfigSchema>): GridConfig {
  return GridConfigSchema.parse({
    version: CONFIG_VERSION,
    encoding: v1.encoding,
    accounts: v1.accounts.map(({ type, path: folder, ...rest }) => ({ ...rest, provider: type, settings: { path: folder }, secretFields: [] })),
  });
}

/** The built-in grid: five folders inside the data dir, any two of which may be lost. */
export const DEFAULT_LOCAL_ACCOUNTS = 5;
export const DEFAULT_ENCODING = { needed: 3, happy: 4, total: 5, maxSegmentSize: 1024 * 1024 } as const;

export class ConfigError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ConfigError';
  }
}

export function configPath(dataDir: string): string {
  return path.join(dataDir, CONFIG_FILE);
}

export function defaultGridConfig(dataDir: string): GridConfig {
  const accounts: AccountConfig[] = Array.from({ length: DEFAULT_LOCAL_ACCOUNTS }, (_, i) => ({
    id: randomUUID(),
    name: `Local folder ${i + 1}`,
    provider: 'local' as const,
    settings: { path: path.join(dataDir, 'local-storage', `folder-${i + 1}`) },
    secretFields: [],
    enabled: true,
    createdAt: Date.now(),
  }));
  return GridConfigSchema.parse({ version: CONFIG_VERSION, encoding: { ...DEFAULT_ENCODING }, accounts, setupComplete: false });
}

/** Loads the config, creating the default grid when the data dir has none yet. */
export async function loadOrCreateConfig(dataDir: string): Promise<GridConfig> {
  const file = configPath(dataDir);
  let text: string;
  try {
    text = await fs.readFile(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
    const config = defaultGridConfig(dataDir);
    // Created now, so the built-in accounts are online from the start (a missing folder later means a lost disk).
    for (const account of config.accounts) await fs.mkdir(String(account.settings.path), { recursive: true });
    await saveConfig(dataDir, config);
    return config;
  }
  return parseConfig(text, file);
}

export function parseConfig(text: string, file: string): GridConfig {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch {
    throw new ConfigError(`${file} is not valid JSON; restore it from a backup or move it away to start a new grid.`);
  }
  const version = (raw as { version?: unknown } | null)?.version;
  if (typeof version === 'number' && version > CONFIG_VERSION) {
    throw new ConfigError(`${file} was written by a newer RAIC (config version ${version}); update RAIC to open this grid.`);
  }
  if (version === 1) {
    const v1 = V1ConfigSchema.safeParse(raw);
    if (v1.success) return migrateV1(v1.data);
  }
  const result = GridConfigSchema.safeParse(raw);
  if (!result.success) {
    const issue = result.error.issues[0];
    const where = issue?.path.join('.') || 'the file';
    throw new ConfigError(`${file} is not a valid RAIC grid config (${where}: ${issue?.message}); fix that entry or restore a backup.`);
  }
  return result.data;
}

export async function saveConfig(dataDir: string, config: GridConfig): Promise<void> {
  GridConfigSchema.parse(config);
  await writeFileAtomic(configPath(dataDir), `${JSON.stringify(config, null, 2)}\n`);
}

/**
 * A random per-grid key kept in `<data dir>/private/<name>` (mode 0600),
 * created on first use. Tahoe-LAFS keeps its convergence secret the same way.
 */
export type GridKeyName = 'convergence' | 'lease-secret' | 'recovery-key';

export async function loadOrCreateGridKey(dataDir: string, name: GridKeyName, bytes: number): Promise<Uint8Array> {
  const file = path.join(dataDir, 'private', name);
  try {
    const text = (await fs.readFile(file, 'utf8')).trim();
    const key = Buffer.from(text, 'base64');
    if (key.length !== bytes) throw new ConfigError(`${file} should hold ${bytes} base64-encoded bytes; restore it from your backup.`);
    return new Uint8Array(key);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
  }
  // Created if absent, atomically: several first uses at once (a folder's uploads) must all get the
  // same key, or shares would carry leases under a secret the grid no longer has.
  const key = randomBytes(bytes);
  const temporary = `${file}.${process.pid}.${randomBytes(6).toString('hex')}.new`;
  await fs.mkdir(path.dirname(file), { recursive: true, mode: 0o700 });
  await fs.writeFile(temporary, `${key.toString('base64')}\n`, { mode: 0o600, flag: 'wx' });
  try {
    await fs.link(temporary, file);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    return loadOrCreateGridKey(dataDir, name, bytes);
  } finally {
    await fs.unlink(temporary).catch(() => undefined);
  }
  return new Uint8Array(key);
}

/** Keys this process has read, by file: an upload must not read them from disk once per file. */
const gridKeyCache = new Map<string, Promise<Uint8Array>>();

/** loadOrCreateGridKey read once per process (writeGridKey replaces the cached copy); a failed read is not kept. */
export function cachedGridKey(dataDir: string, name: GridKeyName, bytes: number): Promise<Uint8Array> {
  const file = path.join(path.resolve(dataDir), 'private', name);
  let key = gridKeyCache.get(file);
  if (!key) {
    key = loadOrCreateGridKey(dataDir, name, bytes);
    gridKeyCache.set(file, key);
    key.catch(() => gridKeyCache.delete(file));
  }
  return key;
}

/** Replaces a grid key (restoring a grid from its recovery key carries the old grid's keys over). */
export async function writeGridKey(dataDir: string, name: GridKeyName, key: Uint8Array): Promise<void> {
  const cached = path.join(path.resolve(dataDir), 'private', name);
  gridKeyCache.delete(cached);
  await writeFileAtomic(path.join(dataDir, 'private', name), `${Buffer.from(key).toString('base64')}\n`, 0o600);
  gridKeyCache.delete(cached); // a read that started while the file was being replaced
}
