/**
 * Every native add-on the app ships must be Node-API (ABI-stable): one build
 * then loads in Node (CLI, tests) and in Electron (the desktop app), and an
 * ABI mismatch between the two (issue 14, defect 1) cannot come back. The
 * exceptions below are known and named; one that becomes Node-API fails the
 * test, so the list cannot outlive its reason.
 */
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { addonKind, nativeAddonFiles, productionPackages, type AddonKind } from './production-tree.test-helper';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');

/** Known exceptions, by path under node_modules, with what they are and why they may stay for now. */
const KNOWN_EXCEPTIONS: Record<string, { kind: AddonKind; why: string }> = {
  'ssh2/lib/protocol/crypto/build/Release/sshcrypto.node': {
    kind: 'runtime-specific',
    why: "ssh2's optional ciphers, loaded in a try/catch: where the ABI does not match (Electron) ssh2 uses its JavaScript ciphers (issue 14)",
  },
};

describe('native add-ons in the production dependency tree', () => {
  const addons = productionPackages(root).flatMap((pkg) =>
    nativeAddonFiles(pkg.dir).map((file) => ({ name: `${pkg.name}/${file}`, kind: addonKind(path.join(pkg.dir, file)) })),
  );

  it('finds the add-ons the app loads (SQLite, the keyring)', () => {
    expect(addons.some(({ name }) => name.startsWith('@photostructure/sqlite/prebuilds/'))).toBe(true);
    expect(addons.some(({ name }) => name.startsWith('@napi-rs/keyring'))).toBe(true);
  });

  it('are all Node-API, apart from the named exceptions', () => {
    const notNapi = addons.filter(({ kind }) => kind !== 'napi').map(({ name, kind }) => ({ name, kind }));
    const unexpected = notNapi.filter(({ name, kind }) => KNOWN_EXCEPTIONS[name]?.kind !== kind);
    expect(unexpected).toEqual([]);
  });

  it('a named exception that has become Node-API fails (remove it from the list)', () => {
    // Absent entries are fine: which files exist depends on the machine (ssh2's ciphers need a compiler).
    const nowNapi = addons.filter(({ name, kind }) => name in KNOWN_EXCEPTIONS && kind === 'napi').map(({ name }) => name);
    expect(nowNapi).toEqual([]);
  });

  it('SQLite is Node-API, for every platform it ships a build for (issue 14, defect 1)', () => {
    const sqlite = addons.filter(({ name }) => name.startsWith('@photostructure/sqlite/'));
    expect(sqlite.map(({ name }) => name)).toEqual(expect.arrayContaining([`@photostructure/sqlite/prebuilds/${process.platform}-${process.arch}/@photostructure+sqlite.glibc.node`]));
    expect(sqlite.map(({ kind }) => kind)).toEqual(sqlite.map(() => 'napi'));
  });

  it('the keyring is Node-API', () => {
    const keyring = addons.filter(({ name }) => name.startsWith('@napi-rs/keyring'));
    expect(keyring.map(({ kind }) => kind)).toEqual(keyring.map(() => 'napi'));
  });
});
