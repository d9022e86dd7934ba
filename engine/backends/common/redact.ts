/** Removes every occurrence of the given secrets from a message meant for people or logs. */
export function redactSecrets(message: string, secrets: Array<string | undefined>): string {
  let clean = message;
  for (const secret of secrets) {
    if (secret && secret.length >= 4) clean = clean.split(secret).join('***');
  }
  return clean;
}

/** A short description of any thrown value, for check details and wrapped errors. */
export function describeError(error: unknown): string {
  if (error instanceof Error) return error.message || error.name;
  return String(error);
}
