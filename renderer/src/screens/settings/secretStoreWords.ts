/**
 * Where account passwords and keys are kept, in Settings' words. When no
 * keychain answers (or the secrets file is locked) the hint leads with what to
 * do; the service's technical reason (D-Bus, Secret Service) comes only after
 * "Details:", for a support request.
 */
import type { GridStatus } from '../../../../shared/api';

type SecretStore = GridStatus['secretStore'];

/** Where passwords are kept, in words, and what to do when that is nowhere safe. */
export function secretWords(store: SecretStore): { where: string; advice?: string; warn: boolean } {
  switch (store.kind) {
    case 'keychain':
      return { where: "In your computer's keychain, protected by your login.", warn: false };
    case 'encrypted-file':
      return {
        where: 'In an encrypted file in the data folder.',
        advice: 'This computer offers no keychain RAIC can use, so the file is the next best place. Keep the data folder private.',
        warn: false,
      };
    case 'none':
      return {
        where: 'Nowhere yet: RAIC cannot use a keychain on this computer.',
        advice:
          'Accounts that need a password or key cannot be added or opened until this is fixed: unlock or install a keychain (e.g. GNOME Keyring or KWallet on Linux) and restart RAIC, or keep them in an encrypted file below.',
        warn: true,
      };
    case 'locked':
      return { where: 'In the encrypted secrets file, which is locked.', advice: 'Accounts that need a password or key stay closed until you unlock it.', warn: true };
    default:
      return { where: 'Not needed yet.', warn: false };
  }
}

/** The hint under the place: what to do first when there is something to do, the service's reason after. */
export function secretStoreHint(store: SecretStore): { lead: string; details?: string } {
  const { advice } = secretWords(store);
  const description = store.description.trim();
  if ((store.kind === 'none' || store.kind === 'locked') && advice) {
    return description && description !== advice ? { lead: advice, details: description } : { lead: advice };
  }
  return { lead: [description, advice].filter(Boolean).join(' ') };
}
