import { describe, expect, it } from 'vitest';
import { secretStoreHint } from './secretStoreWords';

const DBUS_REASON = 'No Secret Service answered on the D-Bus session bus (org.freedesktop.DBus.Error.ServiceUnknown).';

describe('the secret store hint in Settings', () => {
  it('leads with what to do when no keychain answers, the technical reason only after Details', () => {
    const hint = secretStoreHint({ kind: 'none', description: DBUS_REASON });
    expect(hint.lead).toMatch(/^Accounts that need a password or key cannot be added/);
    expect(hint.lead).toContain('keep them in an encrypted file');
    expect(hint.lead).not.toContain('D-Bus');
    expect(hint.details).toBe(DBUS_REASON);
  });

  it('does the same for a locked secrets file', () => {
    const hint = secretStoreHint({ kind: 'locked', description: 'The secrets file needs its passphrase (no terminal to ask in).' });
    expect(hint.lead).toMatch(/^Accounts that need a password or key stay closed until you unlock it/);
    expect(hint.details).toContain('passphrase');
  });

  it('keeps a working store’s description as the hint, with no Details part', () => {
    expect(secretStoreHint({ kind: 'keychain', description: 'GNOME Keyring' })).toEqual({ lead: 'GNOME Keyring' });
  });
});
