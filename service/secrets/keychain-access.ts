/**
 * The low-level keychain calls shared by the store and the probe: one entry
 * per (service, account) through @napi-rs/keyring, pinned to the Secret
 * Service on Linux, each call with a deadline and a failure message that
 * says what to do.
 */
import type { AsyncEntry, EntryOptions } from '@napi-rs/keyring';
import { explainKeychainError, keychainTimeoutExplanation } from './keychain-errors';
import { SecretStoreError } from './secret-store';

export const DEFAULT_SERVICE_NAME = 'RAIC';
/**
 * A keychain call that takes longer is waiting on something (an unlock prompt
 * nobody sees); fail instead of hanging the service. Generous, because on a
 * desktop a person may be typing into that prompt. A daemon that does not
 * answer at all is cut off sooner by D-Bus itself (about 2 s, during which the
 * library's entry constructor blocks the thread).
 */
export const KEYCHAIN_TIMEOUT_MS = 60_000;

/**
 * On Linux the library silently falls back to the kernel keyring (keyutils),
 * which forgets everything at reboot: pin the Secret Service so a missing one
 * is an error the user sees. Ignored on macOS and Windows.
 */
const ENTRY_OPTIONS: EntryOptions = { linux: { store: 'secret-service' } };

export class KeychainError extends SecretStoreError {
  constructor(message: string) {
    super(message);
    this.name = 'KeychainError';
  }
}

export function validateServiceName(serviceName: string): void {
  if (typeof serviceName !== 'string' || !/^[A-Za-z0-9][A-Za-z0-9 ._-]{0,63}$/.test(serviceName)) {
    throw new SecretStoreError('The keychain service name must be 1 to 64 letters, digits, spaces or . _ - (e.g. "RAIC").');
  }
}

/** Where the keychain lives on this OS, in the user's words. */
export function keychainName(platform: NodeJS.Platform = process.platform): string {
  if (platform === 'darwin') return 'the macOS Keychain';
  if (platform === 'win32') return 'the Windows Credential Manager';
  return 'the Secret Service keyring (GNOME Keyring or KWallet)';
}

/**
 * A keyring daemon that leaves the bus in the middle of a call (it crashed,
 * or the desktop session restarted it) fails that call with D-Bus's
 * "recipient disconnected" error, and the bus starts a fresh daemon for the
 * next one. Every keychain call RAIC makes sets, reads or deletes one entry,
 * so making it once more is safe: it is, after this pause.
 */
export const KEYCHAIN_RETRY_PAUSE_MS = 1_000;
const LEFT_THE_BUS = /disconnected from (the )?message bus without replying/i;

export interface KeychainCallOptions {
  /** Removed from any message, in case a platform ever echoes what it was given. */
  secret?: string;
  timeoutMs?: number;
  /** Before the second try of a call whose daemon left the bus; default KEYCHAIN_RETRY_PAUSE_MS. Within timeoutMs. */
  retryPauseMs?: number;
}

/**
 * Runs one keychain call with a deadline and turns its failure into a
 * KeychainError: "<what>: <what is wrong and what to do>" (just the
 * explanation when `what` is empty).
 */
export async function keychainCall<T>(what: string, call: (signal: AbortSignal) => Promise<T>, options: KeychainCallOptions = {}): Promise<T> {
  const timeoutMs = options.timeoutMs ?? KEYCHAIN_TIMEOUT_MS;
  const prefix = what ? `${what}: ` : '';
  const controller = new AbortController();
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      // Settle first, so the race reports the timeout rather than the AbortError the abort causes;
      // then abort what can be aborted. Either way the caller gets its answer now rather than hanging.
      reject(new KeychainError(`${prefix}${keychainTimeoutExplanation(timeoutMs / 1000)}`));
      controller.abort();
    }, timeoutMs);
  });
  try {
    // The constructor can throw synchronously too (a pinned store that is unavailable), hence inside the try.
    return await Promise.race([callOnceMoreIfTheDaemonLeft(call, controller.signal, options.retryPauseMs ?? KEYCHAIN_RETRY_PAUSE_MS), deadline]);
  } catch (error) {
    if (error instanceof KeychainError) throw error;
    let message = `${prefix}${explainKeychainError(error)}`;
    if (options.secret) message = message.split(options.secret).join('[secret]');
    throw new KeychainError(message);
  } finally {
    clearTimeout(timer);
  }
}

async function callOnceMoreIfTheDaemonLeft<T>(call: (signal: AbortSignal) => Promise<T>, signal: AbortSignal, pauseMs: number): Promise<T> {
  await loadKeyring();
  try {
    return await call(signal);
  } catch (error) {
    if (!LEFT_THE_BUS.test(error instanceof Error ? error.message : String(error))) throw error;
    await new Promise((resolve) => setTimeout(resolve, pauseMs));
    // Past the deadline the caller has its answer already: no call behind its back.
    if (signal.aborted) throw error;
    return await call(signal);
  }
}

/**
 * The keyring's native add-on, loaded by the first keychain call rather than
 * with the service: most `raic` commands never touch the keychain (a grid of
 * local folders has no secrets), and each would pay for loading it.
 */
let keyring: typeof import('@napi-rs/keyring') | undefined;

/** Loads the keyring's add-on (once); keychainCall does it before its call, so keychainEntry may be used there. */
export async function loadKeyring(): Promise<void> {
  keyring ??= await import('@napi-rs/keyring');
}

/** An entry of the keychain; only inside keychainCall's `call`, which loads the keyring first. */
export function keychainEntry(serviceName: string, account: string): AsyncEntry {
  if (!keyring) throw new Error('the keyring is not loaded yet (keychainEntry is for keychainCall only)');
  return new keyring.AsyncEntry(serviceName, account, ENTRY_OPTIONS);
}
