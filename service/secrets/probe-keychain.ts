/**
 * Is the OS keychain usable right now? Writes, reads back and deletes a
 * harmless probe entry, the same calls the store will make, so "available"
 * means usable, not merely present.
 *
 * The keychain library connects to the D-Bus session bus once per process
 * (the first call fixes the bus, and a failure sticks): start the keyring
 * before RAIC, or restart RAIC after starting it.
 */
import { randomBytes } from 'node:crypto';
import { DEFAULT_SERVICE_NAME, keychainCall, keychainEntry, validateServiceName } from './keychain-access';

export type KeychainProbe = { available: true } | { available: false; reason: string };

/** The probe entry's account; visible in the keychain app only if RAIC dies mid-probe, and safe to delete. */
export const PROBE_ACCOUNT = 'raic-keychain-probe';

export interface ProbeOptions {
  /** Per keychain call; default KEYCHAIN_TIMEOUT_MS (60 s). */
  timeoutMs?: number;
}

export async function probeKeychain(serviceName: string = DEFAULT_SERVICE_NAME, options: ProbeOptions = {}): Promise<KeychainProbe> {
  validateServiceName(serviceName);
  const marker = randomBytes(16).toString('hex');
  const call = { timeoutMs: options.timeoutMs };
  try {
    await keychainCall('', (signal) => keychainEntry(serviceName, PROBE_ACCOUNT).setPassword(marker, signal), call);
    const readBack = await keychainCall('', (signal) => keychainEntry(serviceName, PROBE_ACCOUNT).getPassword(signal), call);
    await keychainCall('', (signal) => keychainEntry(serviceName, PROBE_ACCOUNT).deletePassword(signal), call);
    if (readBack !== marker) {
      return { available: false, reason: 'The keychain did not return what RAIC stored in it. Check your keychain app, or use an encrypted secrets file protected by a passphrase.' };
    }
    return { available: true };
  } catch (error) {
    return { available: false, reason: (error as Error).message };
  }
}
