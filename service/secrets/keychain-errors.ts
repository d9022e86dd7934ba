/**
 * Turns the keychain library's platform errors (D-Bus, Secret Service,
 * Keychain Services, Credential Manager) into one sentence saying what is
 * wrong and what the user can do. Raw messages name buses and sockets, never
 * secret values, but callers still scrub the value before showing one.
 */

const ALTERNATIVE = 'or use an encrypted secrets file protected by a passphrase.';

interface Rule {
  readonly matches: RegExp;
  readonly explanation: string;
}

const RULES: readonly Rule[] = [
  {
    // The daemon left the bus in the middle of the call (it crashed or was restarted). First: D-Bus names this
    // NoReply, which the "did not answer" rule below would take for a keyring waiting on a prompt.
    matches: /disconnected from (the )?message bus without replying/i,
    explanation: `The keychain stopped in the middle of the call (its daemon left the session bus: it crashed or was restarted). Try again; if it keeps happening, restart gnome-keyring or KWallet (logging out and in does it), ${ALTERNATIVE}`,
  },
  {
    // No session bus at all: DBUS_SESSION_BUS_ADDRESS unset (autolaunch), or pointing at a socket nobody listens on.
    matches: /autolaunch|DBUS_SESSION_BUS_ADDRESS|Failed to connect to socket|Connection refused|NoServer|No such file or directory/i,
    explanation: `No keychain is reachable (no D-Bus session bus, so no Secret Service). Start a desktop session or gnome-keyring/KWallet, ${ALTERNATIVE}`,
  },
  {
    // A bus, but nothing owns org.freedesktop.secrets.
    matches: /org\.freedesktop\.secrets|ServiceUnknown|not provided by any \.service files|NameHasNoOwner/i,
    explanation: `No keychain is reachable (no Secret Service on the D-Bus session bus). Start gnome-keyring or KWallet, ${ALTERNATIVE}`,
  },
  {
    matches: /no result found|no such collection|NoSuchObject/i,
    explanation: `The Secret Service has no default keyring to store secrets in. Create or unlock a default (login) keyring, e.g. in Seahorse, ${ALTERNATIVE}`,
  },
  {
    // D-Bus's own reply timeout: the keyring is there but busy, typically with a prompt nobody sees.
    matches: /Did not receive a reply|NoReply|timed? ?out/i,
    explanation: `The keychain did not answer (it may be waiting for an unlock prompt nobody can see). Unlock your login keyring, ${ALTERNATIVE}`,
  },
  {
    // Word boundaries: D-Bus's "policy blocked the reply" is not a locked keyring.
    matches: /\blocked\b|\bprompt\b|dismissed|user interaction is not allowed/i,
    explanation: `The keychain is locked and could not be unlocked here (no one answered the unlock prompt). Unlock your login keyring, ${ALTERNATIVE}`,
  },
  {
    matches: /AccessDenied|access denied|not authorized|permission/i,
    explanation: `The keychain refused access (access denied). Check that RAIC may use your keychain, ${ALTERNATIVE}`,
  },
];

/** One clear sentence for a keychain failure; unknown failures keep the platform's first line for diagnosis. */
export function explainKeychainError(error: unknown): string {
  const raw = error instanceof Error ? error.message : String(error);
  const rule = RULES.find((candidate) => candidate.matches.test(raw));
  if (rule) return rule.explanation;
  const firstLine = raw.split('\n')[0]!.slice(0, 300);
  return `The keychain failed (${firstLine}). Check your keychain app, ${ALTERNATIVE}`;
}

/** The explanation when the keychain did not answer at all within the time limit. */
export function keychainTimeoutExplanation(seconds: number): string {
  return `The keychain did not answer within ${seconds} s (it may be waiting for an unlock prompt nobody can see). Unlock your login keyring, ${ALTERNATIVE}`;
}
