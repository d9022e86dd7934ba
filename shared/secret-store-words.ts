/**
 * Where an account's passwords and keys are kept, in the words the UI uses:
 * the secret fields' help, the stored-secret lines and the password hints
 * follow the store actually in use (the OS keychain or RAIC's encrypted
 * secrets file), never saying "keychain" while the file is in use.
 */
export type SecretStoreKind = 'keychain' | 'encrypted-file' | 'none' | 'not-opened' | 'locked';

/** "your keychain", "RAIC's encrypted secrets file": for "Stored in …" and "stored only in …". */
export function secretStorePlace(kind: SecretStoreKind): string {
  if (kind === 'encrypted-file' || kind === 'locked') return 'RAIC’s encrypted secrets file';
  if (kind === 'none') return 'an encrypted secrets file (this computer has no keychain RAIC can use)';
  // Not opened yet: the keychain, unless it turns out to be missing, and then the form offers the file.
  return 'your keychain';
}

/**
 * A provider's field help ("… Stored only in your keychain.") with the place
 * replaced by the one in use. Descriptors are written for the common case
 * (a keychain); this keeps them the single source of the rest of the sentence.
 */
export function secretHelpFor(help: string | undefined, kind: SecretStoreKind): string | undefined {
  if (help === undefined || kind === 'keychain' || kind === 'not-opened') return help;
  return help.replace(/(stored only in )your keychain/gi, (_match, lead: string) => `${lead}${secretStorePlace(kind)}`);
}
