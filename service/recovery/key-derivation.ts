/**
 * Every value RAIC derives from the recovery key goes through HKDF-SHA256
 * with one fixed salt and a distinct info label per use, so the derived
 * values are independent: knowing the key id (stored in object names and
 * shown to the user) or a convergence secret tells nothing about the
 * encryption keys or the recovery key itself.
 */
import { hkdfSync } from 'node:crypto';

/** Fixed, public salt: the recovery key is already uniformly random, HKDF only needs to separate uses. */
const RECOVERY_HKDF_SALT = new TextEncoder().encode('raic-recovery/v1');

export function deriveFromRecoveryKey(keyBytes: Uint8Array, info: string, length: number): Uint8Array {
  return new Uint8Array(hkdfSync('sha256', keyBytes, RECOVERY_HKDF_SALT, info, length));
}
