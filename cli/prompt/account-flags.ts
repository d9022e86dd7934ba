/**
 * Account settings as command-line flags: every non-secret field of every
 * provider's input schema becomes a kebab-case flag (authUrl -> --auth-url),
 * with --size-limit for sizeLimitBytes. Secret fields never become flags;
 * typing one is refused with directions to the prompt or --secrets-stdin.
 */
import { PROVIDERS, type ProviderId } from '../../shared/accounts';
import { findProvider, settingFieldsOf as providerSettingFields, type AnyProvider } from '../../shared/providers';
import { parseByteSize } from '../format/bytes';

/** Flags whose names are not simply the field in kebab case. */
const FLAG_FOR_FIELD: Record<string, string> = { sizeLimitBytes: 'size-limit', options: 'option' };
/**
 * Fields given as a repeatable flag, one `KEY=VALUE` each (rclone's
 * `--option host=example.org --option port=2222`), stored as lines.
 */
const REPEATED_LINE_FIELDS = new Set(['options']);
const INTEGER_FIELDS = new Set(['port']);
const FRACTION_FIELDS = new Set(['lossProbability', 'availability']);
const BYTE_SIZE_FIELDS = new Set(['sizeLimitBytes']);

/** `providers` is the registry the flags come from: the built-in one, or a test's with a fixture provider added. */
export function isProviderId(value: string, providers: readonly AnyProvider[] = PROVIDERS): value is ProviderId {
  return providers.some((p) => p.id === value);
}

export function kebabCase(field: string): string {
  return field.replace(/[A-Z]/g, (letter) => `-${letter.toLowerCase()}`);
}

export function flagOf(field: string): string {
  return FLAG_FOR_FIELD[field] ?? kebabCase(field);
}

/** The fields a provider's accounts have (name and the common ones included), secrets excluded. */
export function settingFieldsOf(provider: string, providers: readonly AnyProvider[] = PROVIDERS): string[] {
  const descriptor = findProvider(provider, providers);
  if (!descriptor) throw new Error(`unknown provider ${provider}`);
  return providerSettingFields(descriptor);
}

function allSettingFields(providers: readonly AnyProvider[]): string[] {
  return [...new Set(providers.flatMap(providerSettingFields))];
}

function allSecretFields(providers: readonly AnyProvider[]): string[] {
  return [...new Set(providers.flatMap((provider) => provider.secretFields))];
}

/** parseArgs options for every setting flag of every provider (which ones apply is checked after parsing). */
export function settingFlagOptions(providers: readonly AnyProvider[] = PROVIDERS): Record<string, { type: 'string'; multiple?: boolean }> {
  return Object.fromEntries(
    allSettingFields(providers).map((field) => [flagOf(field), REPEATED_LINE_FIELDS.has(field) ? { type: 'string' as const, multiple: true } : { type: 'string' as const }]),
  );
}

/**
 * A secret typed as a flag (--secretAccessKey x, --secret-access-key=x, --password x),
 * found before parsing so the value is neither used nor echoed in an error.
 */
export function findSecretFlag(argv: readonly string[], providers: readonly AnyProvider[] = PROVIDERS): string | undefined {
  const secrets = allSecretFields(providers);
  const secretFlags = new Set(secrets.flatMap((field) => [field, kebabCase(field)]));
  for (const arg of argv) {
    if (arg === '--') return undefined;
    if (!arg.startsWith('--')) continue;
    const name = arg.slice(2).split('=')[0]!;
    if (secretFlags.has(name)) return secrets.find((field) => field === name || kebabCase(field) === name);
  }
  return undefined;
}

export function secretFlagRefusal(field: string): string {
  return (
    `${field} is a secret and is not accepted as a flag (flags show up in shell history and the process list); ` +
    `leave it out to be asked for it without echo, or pass --secrets-stdin and write the line ${field}=VALUE on standard input`
  );
}

/**
 * The provider's settings from parsed flag values: flag names mapped to fields,
 * numbers parsed. A flag of another provider is an error naming the ones that apply.
 * With `allowClear`, the value "none" clears an optional field (null), for edits.
 */
export function settingsFromFlags(
  provider: string,
  values: Readonly<Record<string, unknown>>,
  options: { allowClear?: boolean; providers?: readonly AnyProvider[] } = {},
): Record<string, string | number | null> {
  const providers = options.providers ?? PROVIDERS;
  const own = new Set(settingFieldsOf(provider, providers));
  const settings: Record<string, string | number | null> = {};
  for (const field of allSettingFields(providers)) {
    const flag = flagOf(field);
    const given = values[flag];
    if (typeof given !== 'string' && !Array.isArray(given)) continue;
    if (!own.has(field)) {
      const applicable = [...own].map((f) => `--${flagOf(f)}`).join(', ');
      throw new Error(`--${flag} does not apply to ${provider} accounts; they take ${applicable}`);
    }
    const raw = Array.isArray(given) ? joinRepeatedFlag(flag, given) : given;
    settings[field] = options.allowClear && raw === 'none' ? null : parseSettingValue(field, flag, raw);
  }
  return settings;
}

/**
 * The values of a repeated KEY=VALUE flag as lines. A value is never echoed
 * in an error: a secret typed here by mistake should not be printed again.
 */
function joinRepeatedFlag(flag: string, given: readonly unknown[]): string {
  const lines = given.map(String);
  lines.forEach((line, index) => {
    if (!/^[^=\s]+=/.test(line) || /[\r\n]/.test(line)) throw new Error(`--${flag} number ${index + 1} is not KEY=VALUE (one option each time, e.g. --${flag} host=example.org)`);
  });
  return lines.join('\n');
}

function parseSettingValue(field: string, flag: string, raw: string): string | number {
  if (BYTE_SIZE_FIELDS.has(field)) {
    try {
      return parseByteSize(raw);
    } catch (error) {
      throw new Error(`--${flag}: ${(error as Error).message}`);
    }
  }
  if (INTEGER_FIELDS.has(field)) {
    if (!/^\d+$/.test(raw.trim())) throw new Error(`--${flag}: "${raw}" is not a whole number`);
    return Number(raw);
  }
  if (FRACTION_FIELDS.has(field)) {
    const fraction = parseFraction(raw);
    if (fraction === undefined) throw new Error(`--${flag}: "${raw}" is not a number between 0 and 1 (or a percentage such as 99.9%)`);
    return fraction;
  }
  return raw;
}

/** "0.01" or "1%" -> 0.01. */
export function parseFraction(raw: string): number | undefined {
  const match = /^\s*(\d+(?:\.\d+)?(?:e-?\d+)?)\s*(%?)\s*$/i.exec(raw);
  if (!match) return undefined;
  return Number(match[1]) / (match[2] ? 100 : 1);
}
