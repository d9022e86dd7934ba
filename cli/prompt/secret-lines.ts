/**
 * Secrets given on standard input as `field=value` lines (--secrets-stdin),
 * so they never appear in the process list or shell history. Error messages
 * name fields and line numbers but never repeat a line: it may hold a secret.
 */

export interface SecretLineRules {
  /** Fields that may be given, e.g. ['accessKeyId', 'secretAccessKey']. */
  allowed: readonly string[];
  /** Fields that must be given. */
  required: readonly string[];
  /** What the secrets are for, for messages: "s3 accounts". */
  forWhat: string;
}

export class SecretInputError extends Error {}

export function parseSecretLines(text: string, rules: SecretLineRules): Record<string, string> {
  const secrets: Record<string, string> = {};
  const lines = text.split('\n');
  lines.forEach((rawLine, index) => {
    const line = rawLine.endsWith('\r') ? rawLine.slice(0, -1) : rawLine;
    if (line.trim() === '') return;
    const equals = line.indexOf('=');
    if (equals <= 0) throw new SecretInputError(`standard input line ${index + 1} is not field=value`);
    const field = line.slice(0, equals).trim();
    // Only the first '=' separates: the value keeps any further '=' (base64 keys end in them).
    const value = line.slice(equals + 1);
    if (!rules.allowed.includes(field)) {
      const expected = rules.allowed.length > 0 ? `expected ${rules.allowed.join(', ')}` : 'they take no secrets';
      throw new SecretInputError(`"${field}" is not a secret field of ${rules.forWhat}; ${expected}`);
    }
    if (field in secrets) throw new SecretInputError(`${field} is given twice on standard input`);
    if (value === '') throw new SecretInputError(`${field} is empty on standard input`);
    secrets[field] = value;
  });
  const missing = rules.required.filter((field) => !(field in secrets));
  if (missing.length > 0) {
    throw new SecretInputError(`missing on standard input: ${missing.map((field) => `${field}=VALUE`).join(', ')} (one field=value per line)`);
  }
  return secrets;
}
