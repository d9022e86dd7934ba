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
import { writeFileAtomic } from './atomic-file';

export const CONFIG_FILE = 'grid.json';
export const CONFIG_VERSION = 1;

const LocalAccountSchema = z.object({
  id: z.string().min(1),
  name: z.string().min(1),
  type: z.literal('local'),
  path: z.string().min(1),
  enabled: z.boolean().default(true),
  sizeLimitBytes: z.number().positive().optional(),
});
export type LocalAccountConfig = z.infer<typeof LocalAccountSchema>;
export type AccountConfig = LocalAccountConfig;

export const GridConfigSchema = z.object({
  version: z.literal(CONFIG_VERSION),
  encoding: EncodingSchema,
  accounts: z.array(LocalAccountSchema),
});
export type GridConfig = z.infer<typeof GridConfigSchema>;

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
  const accounts = Array.from({ length: DEFAULT_LOCAL_ACCOUNTS }, (_, i) => ({
    id: randomUUID(),
    name: `Local folder ${i + 1}`,
    type: 'local' as const,
    path: path.join(dataDir, 'local-storage', `folder-${i + 1}`),
    enabled: true,
  }));
  return { version: CONFIG_VERSION, encoding: { ...DEFAULT_ENCODING }, accounts };
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
export async function loadOrCreateGridKey(dataDir: string, name: 'convergence' | 'lease-secret', bytes: number): Promise<Uint8Array> {
  const file = path.join(dataDir, 'private', name);
  try {
    const text = (await fs.readFile(file, 'utf8')).trim();
    const key = Buffer.from(text, 'base64');
    if (key.length !== bytes) throw new ConfigError(`${file} should hold ${bytes} base64-encoded bytes; restore it from your backup.`);
    return new Uint8Array(key);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
  }
  const key = randomBytes(bytes);
  await writeFileAtomic(file, `${key.toString('base64')}\n`, 0o600);
  return new Uint8Array(key);
}
