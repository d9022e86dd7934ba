/**
 * Against a real Secret Service (gnome-keyring on a private D-Bus bus, from
 * scripts/servers/secret-service.ts). The keychain library binds to the bus
 * on its first call in a process, so this file points process.env at the
 * private bus before any keychain call, and every "other bus" case runs in a
 * child process.
 */
import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, rm, symlink } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSecretService, type SecretService } from '../../scripts/servers/secret-service';
import { keychainCall, keychainEntry, loadKeyring } from './keychain-access';
import { explainKeychainError } from './keychain-errors';
import { DEFAULT_SERVICE_NAME, KeychainError, KeychainSecretStore } from './keychain-store';
import { PROBE_ACCOUNT, probeKeychain } from './probe-keychain';
import { SecretStoreError } from './secret-store';
import { runSecretsChild } from './test-support/run-child';

let secretService: SecretService;
let scratch: string;

beforeAll(async () => {
  secretService = await startSecretService();
  process.env.DBUS_SESSION_BUS_ADDRESS = secretService.env.DBUS_SESSION_BUS_ADDRESS;
  scratch = await mkdtemp(path.join(tmpdir(), 'raic-keychain-test-'));
});
afterAll(async () => {
  await secretService?.stop();
  if (scratch) await rm(scratch, { recursive: true, force: true });
});

/** The secret secret-tool finds for exactly these attributes; '' when none. */
async function lookupFromOutside(service: string, account: string): Promise<string> {
  return (await secretService.secretTool('lookup', 'service', service, 'username', account)).stdout;
}

/** A service name of its own per test, so tests never see each other's entries. */
const uniqueService = () => `RAIC-test-${randomBytes(4).toString('hex')}`;

/** secret-tool's view of every item of a service: attributes and secret, as the user's keychain app sees them. */
async function itemsFromOutside(service: string): Promise<Array<Record<string, string>>> {
  const { stdout, stderr } = await secretService.secretTool('search', '--all', '--unlock', 'service', service);
  // Each item: a "[path]" line then "key = value" lines on stdout; its "attribute.x = y" lines go to stderr, in the same order.
  const items: Array<Record<string, string>> = [];
  for (const line of stdout.split('\n')) {
    if (line.startsWith('[')) items.push({});
    const match = /^(\S+) = (.*)$/.exec(line);
    if (match && items.length) items.at(-1)![match[1]!] = match[2]!;
  }
  let index = -1;
  let seen = new Set<string>();
  for (const line of stderr.split('\n')) {
    const match = /^(attribute\.\S+) = (.*)$/.exec(line);
    if (!match) continue;
    // A repeated attribute name starts the next item's block.
    if (index < 0 || seen.has(match[1]!)) {
      index += 1;
      seen = new Set();
    }
    seen.add(match[1]!);
    if (items[index]) items[index]![match[1]!] = match[2]!;
  }
  return items;
}

describe('KeychainSecretStore on a real Secret Service', () => {
  it('probeKeychain finds it usable and leaves no probe entry behind', async () => {
    expect(await probeKeychain()).toEqual({ available: true });
    const service = uniqueService();
    expect(await probeKeychain(service)).toEqual({ available: true });
    expect(await itemsFromOutside(service)).toEqual([]);
    expect(await lookupFromOutside(service, PROBE_ACCOUNT)).toBe('');
  });

  it('stores one entry per secret, visible from outside as service + "<accountId>/<field>", and deletes it', async () => {
    const service = uniqueService();
    const store = new KeychainSecretStore(service);
    expect(store.kind).toBe('keychain');
    expect(store.describe()).toContain(`service "${service}"`);

    await store.set('acct-1/secretAccessKey', 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY');
    await store.set('acct-1/accessKeyId', 'AKIAIOSFODNN7EXAMPLE');
    expect(await store.get('acct-1/secretAccessKey')).toBe('wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY');
    expect(await store.get('acct-1/accessKeyId')).toBe('AKIAIOSFODNN7EXAMPLE');

    // What the user's keychain app shows: one item per secret under the documented attributes.
    expect(await lookupFromOutside(service, 'acct-1/secretAccessKey')).toBe('wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY');
    const items = await itemsFromOutside(service);
    expect(items.map((item) => item['attribute.username']).sort()).toEqual(['acct-1/accessKeyId', 'acct-1/secretAccessKey']);
    for (const item of items) expect(item['attribute.service']).toBe(service);

    // Overwriting replaces the secret in place rather than adding a second entry.
    await store.set('acct-1/secretAccessKey', 'rotated-secret');
    expect(await store.get('acct-1/secretAccessKey')).toBe('rotated-secret');
    expect(await itemsFromOutside(service)).toHaveLength(2);

    await store.delete('acct-1/secretAccessKey');
    expect(await store.get('acct-1/secretAccessKey')).toBeUndefined();
    expect(await lookupFromOutside(service, 'acct-1/secretAccessKey')).toBe('');
    expect((await itemsFromOutside(service)).map((item) => item['attribute.username'])).toEqual(['acct-1/accessKeyId']);
    await store.delete('acct-1/secretAccessKey'); // already gone: not an error
    await store.delete('acct-1/accessKeyId');
    expect(await itemsFromOutside(service)).toEqual([]);
  });

  it('reads entries written from outside, and keeps non-ASCII and long values intact', async () => {
    const service = uniqueService();
    const store = new KeychainSecretStore(service);
    const long = `ünïcødé ✓ ${'x'.repeat(4096)}`;
    await store.set('acct-2/password', long);
    expect(await store.get('acct-2/password')).toBe(long);
    expect(await store.get('acct-2/never-set')).toBeUndefined();
  });

  it('uses the service name "RAIC" by default', async () => {
    const store = new KeychainSecretStore();
    expect(store.serviceName).toBe(DEFAULT_SERVICE_NAME);
    expect(DEFAULT_SERVICE_NAME).toBe('RAIC');
    await store.set('acct-default/password', 'p4ss');
    expect(await lookupFromOutside('RAIC', 'acct-default/password')).toBe('p4ss');
    await store.delete('acct-default/password');
  });

  it('refuses bad refs and service names before calling the keychain', async () => {
    const store = new KeychainSecretStore(uniqueService());
    for (const ref of ['', 'no-slash', 'a/b/c', 'acc/', ' acc/field', 'acc/field name']) {
      await expect(store.set(ref, 'v')).rejects.toThrow(SecretStoreError);
    }
    expect(() => new KeychainSecretStore('')).toThrow(/service name/);
    expect(() => new KeychainSecretStore('RAIC/evil')).toThrow(/service name/);
  });

  it('says clearly when there is no session bus at all, or a bus pointing nowhere', async () => {
    for (const address of [undefined, `unix:path=${path.join(scratch, 'no-bus-here')}`]) {
      const result = await runSecretsChild({ op: 'probe' }, { DBUS_SESSION_BUS_ADDRESS: address });
      expect(result).toEqual({
        ok: true,
        probe: {
          available: false,
          reason:
            'No keychain is reachable (no D-Bus session bus, so no Secret Service). Start a desktop session or gnome-keyring/KWallet, or use an encrypted secrets file protected by a passphrase.',
        },
      });
    }
  });

  it('says clearly when the bus has no Secret Service on it', async () => {
    const bareBus = await startSecretService({ keyring: false });
    try {
      const result = await runSecretsChild({ op: 'probe' }, { DBUS_SESSION_BUS_ADDRESS: bareBus.env.DBUS_SESSION_BUS_ADDRESS });
      expect(result).toEqual({
        ok: true,
        probe: {
          available: false,
          reason: 'No keychain is reachable (no Secret Service on the D-Bus session bus). Start gnome-keyring or KWallet, or use an encrypted secrets file protected by a passphrase.',
        },
      });
    } finally {
      await bareBus.stop();
    }
  });

  it('reports a locked keyring clearly on probe, get, delete and set; a failed delete leaves the entry', async () => {
    // A Secret Service of its own, locked midway; the keychain calls run in children bound to its bus.
    const lockable = await startSecretService();
    try {
      const env = { DBUS_SESSION_BUS_ADDRESS: lockable.env.DBUS_SESSION_BUS_ADDRESS };
      const entry = { op: 'keychain', serviceName: 'RAIC-locked', ref: 'acct-5/password' } as const;
      expect(await runSecretsChild({ ...entry, action: 'set', value: 'behind-the-lock' }, env)).toEqual({ ok: true });
      await lockable.lockKeyring();
      const locked = /^The keychain is locked and could not be unlocked here \(no one answered the unlock prompt\)\. Unlock your login keyring, or use an encrypted secrets file protected by a passphrase\.$/;
      expect(await runSecretsChild({ op: 'probe' }, env)).toEqual({ ok: true, probe: { available: false, reason: expect.stringMatching(locked) } });
      for (const action of ['get', 'delete', 'set'] as const) {
        const result = await runSecretsChild({ ...entry, action, value: 'new' }, env);
        expect(result).toMatchObject({ ok: false, name: 'KeychainError' });
        expect((result as { message: string }).message).toMatch(/^Could not (read|delete|store) acct-5\/password (from|in) the keychain: The keychain is locked/);
      }
      // Still there (listed, its secret locked away): the failed delete did not pretend.
      const listed = await lockable.secretTool('search', '--all', 'service', 'RAIC-locked');
      expect(listed.stderr).toContain('Cannot get secret of a locked object');
      expect(listed.stderr).toContain('attribute.username = acct-5/password');
      expect(listed.stdout).not.toContain('behind-the-lock');
    } finally {
      await lockable.stop();
    }
  });

  it('gives up on a keychain that does not answer, saying so, instead of hanging', async () => {
    const noAnswer = (within: string) =>
      `The keychain did not answer${within} (it may be waiting for an unlock prompt nobody can see). Unlock your login keyring, or use an encrypted secrets file protected by a passphrase.`;
    // RAIC's own deadline, shorter here than D-Bus's reply timeout. The entry is made before the daemon
    // freezes: the library's constructor talks to D-Bus synchronously, so no JS timer can interrupt it.
    await loadKeyring();
    const entry = keychainEntry(uniqueService(), 'acct-6/password');
    secretService.pauseKeyring(true);
    try {
      const started = Date.now();
      const call = keychainCall('Could not store acct-6/password in the keychain', (signal) => entry.setPassword('never-shown', signal), { secret: 'never-shown', timeoutMs: 500 });
      await expect(call).rejects.toThrow(new KeychainError(`Could not store acct-6/password in the keychain: ${noAnswer(' within 0.5 s')}`));
      expect(Date.now() - started).toBeLessThan(1_900);
    } finally {
      secretService.pauseKeyring(false);
    }
    expect(await probeKeychain()).toEqual({ available: true });

    // The D-Bus library's own reply timeout (about 2 s), seen by a fresh process whose keyring never answers.
    const frozen = await startSecretService();
    try {
      frozen.pauseKeyring(true);
      const result = await runSecretsChild({ op: 'probe' }, { DBUS_SESSION_BUS_ADDRESS: frozen.env.DBUS_SESSION_BUS_ADDRESS });
      expect(result).toEqual({ ok: true, probe: { available: false, reason: noAnswer('') } });
    } finally {
      await frozen.stop();
    }
  });

  it('makes a call once more when the keyring daemon leaves the bus in the middle of it, as a crashed and restarted daemon does', async () => {
    const service = uniqueService();
    await loadKeyring();
    // The first try's entry is made before the freeze: its constructor talks to D-Bus synchronously (see the
    // test above). The second try makes a new one, as the store's calls do: an entry keeps the old daemon's session.
    const firstEntry = keychainEntry(service, 'acct-7/password');
    secretService.pauseKeyring(true);
    const started = Date.now();
    let tries = 0;
    const failure = keychainCall(
      'Could not store acct-7/password in the keychain',
      (signal) => (tries++ === 0 ? firstEntry : keychainEntry(service, 'acct-7/password')).setPassword('second-try', signal),
      { secret: 'second-try', retryPauseMs: 5_000 },
    ).then(
      () => undefined,
      (error: unknown) => error,
    );
    // Killed while frozen with the call waiting on it, so the bus answers "recipient disconnected without
    // replying". The pause lets the call reach the daemon: one sent after the kill finds no Secret Service at all.
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    await secretService.restartKeyring();
    expect(await failure).toBeUndefined();
    expect(tries).toBe(2);
    expect(Date.now() - started).toBeGreaterThanOrEqual(6_000);
    expect(await lookupFromOutside(service, 'acct-7/password')).toBe('second-try');
    expect(await probeKeychain()).toEqual({ available: true });
  });

  it('explains a daemon that left the bus mid-call as that, not as a keyring waiting on a prompt', () => {
    const raw = new Error('org.freedesktop.DBus.Error.NoReply: Message recipient disconnected from message bus without replying');
    expect(explainKeychainError(raw)).toBe(
      'The keychain stopped in the middle of the call (its daemon left the session bus: it crashed or was restarted). Try again; if it keeps happening, restart gnome-keyring or KWallet (logging out and in does it), or use an encrypted secrets file protected by a passphrase.',
    );
    expect(explainKeychainError(new Error('org.freedesktop.DBus.Error.NoReply: Did not receive a reply'))).toMatch(/^The keychain did not answer/);
  });

  it('sees the same entries from another process on the same bus', async () => {
    const service = uniqueService();
    await new KeychainSecretStore(service).set('acct-3/password', 'shared-between-processes');
    const dataDir = path.join(scratch, 'other-process');
    const result = await runSecretsChild({ op: 'open', dataDir, serviceName: service, get: 'acct-3/password' }, { DBUS_SESSION_BUS_ADDRESS: secretService.env.DBUS_SESSION_BUS_ADDRESS });
    expect(result).toMatchObject({ ok: true, kind: 'keychain', value: 'shared-between-processes' });
  });

  it('fails a store call without a keychain with a KeychainError that explains, and never shows the secret', async () => {
    const result = await runSecretsChild(
      { op: 'keychain', action: 'set', serviceName: uniqueService(), ref: 'acct-4/password', value: 'do-not-print-me' },
      { DBUS_SESSION_BUS_ADDRESS: `unix:path=${path.join(scratch, 'no-bus-here')}` },
    );
    expect(result).toMatchObject({ ok: false, name: 'KeychainError' });
    const message = (result as { message: string }).message;
    expect(message).toMatch(/^Could not store acct-4\/password in the keychain: No keychain is reachable/);
    expect(message).not.toContain('do-not-print-me');
    expect(new KeychainError('x')).toBeInstanceOf(SecretStoreError);
  });
});

describe('the Secret Service test harness', () => {
  it('fails, naming the Debian package to install, when a binary is missing', async () => {
    const bin = path.join(scratch, 'bin');
    await mkdir(bin);
    const savedPath = process.env.PATH;
    try {
      process.env.PATH = bin;
      for (const [binary, debianPackage] of [
        ['dbus-daemon', 'dbus'],
        ['dbus-send', 'dbus'],
        ['gnome-keyring-daemon', 'gnome-keyring'],
        ['secret-tool', 'libsecret-tools'],
      ] as const) {
        await expect(startSecretService()).rejects.toThrow(`"${binary}" is not installed: run \`apt-get install -y --no-install-recommends ${debianPackage}\``);
        // Make this one available, so the next check is the one that fails.
        await symlink(requireBinaryOn(savedPath, binary), path.join(bin, binary));
      }
    } finally {
      process.env.PATH = savedPath;
    }
  });
});

/** The real binary's path on the normal PATH, to link into the test's reduced PATH. */
function requireBinaryOn(searchPath: string | undefined, binary: string): string {
  for (const folder of (searchPath ?? '').split(path.delimiter)) {
    const candidate = path.join(folder, binary);
    if (existsSync(candidate)) return candidate;
  }
  throw new Error(`${binary} not found on PATH`);
}
