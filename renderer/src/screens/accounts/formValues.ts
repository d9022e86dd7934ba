/**
 * The add/edit account form keeps every input as the string the user typed;
 * this module turns those strings into an AccountInput, runs the shared zod
 * schema over it (the same one the service uses, so the form never accepts
 * what the service would refuse) and maps each issue back to the input that
 * caused it.
 */
import { AccountInputSchema, PROVIDERS, type AccountInput, type ProviderField, type ProviderId, type ProviderInfo } from '../../../../shared/accounts';
import { ApiError } from '../../../../shared/api';

export type FormValues = Record<string, string>;
export type FieldErrors = Record<string, string>;

/** Form inputs of the advanced section, and the AccountInput fields they feed. */
export const ADVANCED_INPUTS = { sizeLimitGB: 'sizeLimitBytes', lossPercent: 'lossProbability', availabilityPercent: 'availability' } as const;
type AdvancedInput = keyof typeof ADVANCED_INPUTS;

const INPUT_OF_FIELD: Record<string, AdvancedInput> = { sizeLimitBytes: 'sizeLimitGB', lossProbability: 'lossPercent', availability: 'availabilityPercent' };

/** Bytes in the "GB" the size limit is typed in: storage providers bill in decimal gigabytes. */
const GB = 1e9;

export function providerInfo(provider: ProviderId): ProviderInfo {
  const info = PROVIDERS.find((p) => p.id === provider);
  if (!info) throw new Error(`unknown provider ${provider}`);
  return info;
}

/**
 * The provider's fields the form shows: those whose `when` condition holds.
 * A preset (S3's) is never an input: the tile the user picked (or the saved
 * account) fixes it.
 */
export function visibleFields(info: ProviderInfo, values: FormValues): ProviderField[] {
  return info.fields.filter((f) => f.name !== 'preset' && (!f.when || f.when.values.includes(values[f.when.field] ?? '')));
}

/** The field names the shared schema knows for this provider, visible or not (for stripping hidden ones). */
function isShown(info: ProviderInfo, values: FormValues, name: string): boolean {
  return name === 'preset' || visibleFields(info, values).some((f) => f.name === name);
}

/** Converts the typed strings; returns the candidate input and the errors found before the schema runs (numbers). */
export function toCandidate(provider: ProviderId, values: FormValues): { candidate: Record<string, unknown>; errors: FieldErrors } {
  const info = providerInfo(provider);
  const errors: FieldErrors = {};
  const candidate: Record<string, unknown> = { provider, name: values.name ?? '' };
  for (const field of info.fields) {
    const raw = values[field.name] ?? '';
    if (!isShown(info, values, field.name)) continue;
    if (raw.trim() === '') {
      // An empty required field goes to the schema as "", so its own words ("Give the …") say what is missing.
      if (field.required && field.kind !== 'number') candidate[field.name] = '';
      continue;
    }
    if (field.kind === 'number') {
      const n = Number(raw);
      if (Number.isFinite(n)) candidate[field.name] = n;
      else errors[field.name] = 'Write a whole number here.';
    } else {
      // Passwords and keys are kept exactly as typed: spaces may be part of them.
      candidate[field.name] = field.kind === 'password' || field.kind === 'textarea' ? raw : raw.trim();
    }
  }
  const number = (input: AdvancedInput, scale: number, message: string) => {
    const raw = (values[input] ?? '').trim();
    if (raw === '') return;
    const n = Number(raw.replace(',', '.'));
    if (!Number.isFinite(n) || n <= 0) errors[input] = message;
    else candidate[ADVANCED_INPUTS[input]] = scale === GB ? Math.round(n * scale) : n * scale;
  };
  number('sizeLimitGB', GB, 'Write the limit in GB as a positive number, e.g. 500, or leave it empty for no limit.');
  number('lossPercent', 0.01, 'Write a percentage above 0, e.g. 0.5, or leave it empty for the default.');
  number('availabilityPercent', 0.01, 'Write a percentage above 0, e.g. 99.9, or leave it empty for the default.');
  return { candidate, errors };
}

/**
 * Validates the form. `storedSecrets` are secrets a saved account already
 * has: they count as given (with a stand-in value that is never sent).
 */
export function validateAccount(
  provider: ProviderId,
  values: FormValues,
  storedSecrets: readonly string[] = [],
): { input?: AccountInput; errors: FieldErrors } {
  const { candidate, errors } = toCandidate(provider, values);
  for (const name of storedSecrets) if (!candidate[name]) candidate[name] = 'stored';
  const result = AccountInputSchema.safeParse(candidate);
  if (result.success && Object.keys(errors).length === 0) return { input: result.data, errors };
  if (!result.success) {
    for (const issue of result.error.issues) {
      const field = String(issue.path[0] ?? 'name');
      const input = INPUT_OF_FIELD[field] ?? field;
      const empty = candidate[field] === '' || candidate[field] === undefined;
      errors[input] ??= plainMessage(issue.message, field, provider, empty);
    }
  }
  return { errors };
}

/** zod's own messages ("Invalid input: expected string…") mean nothing to people: say which field to fill in instead. */
function plainMessage(message: string, field: string, provider: ProviderId, empty: boolean): string {
  // A rule about the format ("3 to 63 characters") reads oddly for a field left empty.
  const saysWhatIsMissing = /^(Give|Choose)\b/.test(message);
  if (!message.startsWith('Invalid input') && (saysWhatIsMissing || !empty)) return message;
  const label = providerInfo(provider).fields.find((f) => f.name === field)?.label ?? field;
  return `Fill in “${label}”.`;
}

/**
 * An error from the service, in words and attached to the field it names.
 * Its message starts with "field: " (for logs and the CLI); the form already
 * shows the field, so that prefix goes.
 */
export function serverError(error: unknown): { field?: string; message: string } {
  const message = error instanceof Error ? error.message : String(error);
  if (!(error instanceof ApiError) || !error.field) return { message };
  const field = INPUT_OF_FIELD[error.field] ?? error.field;
  const words = message.startsWith(`${error.field}: `) ? message.slice(error.field.length + 2) : message;
  return { field, message: words.charAt(0).toUpperCase() + words.slice(1) };
}
