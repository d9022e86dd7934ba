/**
 * The `X-Tahoe-Authorization` header (spec: "HTTP Design"): one header value
 * per secret, `<kind> <base64 bytes>`. Each endpoint requires an exact set of
 * kinds; anything missing, repeated, unknown, undecodable or of the wrong
 * length is a 400, decided before any other processing.
 */

export type SecretKind = 'lease-renew-secret' | 'lease-cancel-secret' | 'upload-secret' | 'write-enabler';

export const SECRETS_HEADER = 'x-tahoe-authorization';

const KINDS: readonly SecretKind[] = ['lease-renew-secret', 'lease-cancel-secret', 'upload-secret', 'write-enabler'];

/**
 * Lease secrets are exactly 32 bytes (spec: lease endpoint). Upload secrets
 * and write enablers have no length in the spec: Tahoe-LAFS sends 20-byte
 * upload secrets and 32-byte write enablers, so 16 to 64 bytes are accepted.
 */
const LENGTHS: Record<SecretKind, { min: number; max: number }> = {
  'lease-renew-secret': { min: 32, max: 32 },
  'lease-cancel-secret': { min: 32, max: 32 },
  'upload-secret': { min: 16, max: 64 },
  'write-enabler': { min: 16, max: 64 },
};

export class SecretsHeaderError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'SecretsHeaderError';
  }
}

const BASE64 = /^[A-Za-z0-9+/]+={0,2}$/;

export function describeSecretLength(kind: SecretKind): string {
  const { min, max } = LENGTHS[kind];
  return min === max ? `${min} bytes` : `${min} to ${max} bytes`;
}

export function checkSecretLength(kind: SecretKind, secret: Uint8Array): void {
  const { min, max } = LENGTHS[kind];
  if (secret.length < min || secret.length > max) throw new SecretsHeaderError(`${kind} must be ${describeSecretLength(kind)}, got ${secret.length}`);
}

/** Parses the header values and returns exactly the required secrets. */
export function parseSecrets<K extends SecretKind>(headerValues: readonly string[], required: readonly K[]): Record<K, Uint8Array> {
  const found = new Map<SecretKind, Uint8Array>();
  // Node joins repeated headers with ", "; a comma never appears in base64, so splitting is safe.
  for (const value of headerValues.flatMap((v) => v.split(','))) {
    const parts = value.trim().split(' ');
    if (parts.length !== 2) throw new SecretsHeaderError('each X-Tahoe-Authorization value must be "<kind> <base64>"');
    const [kindText, encoded] = parts as [string, string];
    const kind = KINDS.find((k) => k === kindText);
    if (!kind) throw new SecretsHeaderError(`unknown secret kind ${JSON.stringify(kindText.slice(0, 40))}`);
    if (found.has(kind)) throw new SecretsHeaderError(`${kind} given more than once`);
    if (!BASE64.test(encoded) || encoded.length % 4 !== 0) throw new SecretsHeaderError(`${kind} is not valid base64`);
    const secret = new Uint8Array(Buffer.from(encoded, 'base64'));
    checkSecretLength(kind, secret);
    found.set(kind, secret);
  }
  const missing = required.filter((kind) => !found.has(kind));
  if (missing.length > 0) throw new SecretsHeaderError(`missing X-Tahoe-Authorization secret(s): ${missing.join(', ')}`);
  const unexpected = [...found.keys()].filter((kind) => !(required as readonly SecretKind[]).includes(kind));
  if (unexpected.length > 0) throw new SecretsHeaderError(`this endpoint does not take ${unexpected.join(', ')}`);
  return Object.fromEntries(required.map((kind) => [kind, found.get(kind)!])) as Record<K, Uint8Array>;
}

export function formatSecrets(secrets: Partial<Record<SecretKind, Uint8Array>>): string[] {
  return KINDS.filter((kind) => secrets[kind] !== undefined).map((kind) => `${kind} ${Buffer.from(secrets[kind]!).toString('base64')}`);
}
