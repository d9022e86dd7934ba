import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';

// electron-builder cannot run here (no Electron binary to package); this checks the settings it would read.
const load = (file: string) => parse(readFileSync(new URL(`../${file}`, import.meta.url), 'utf8')) as Record<string, unknown> & Record<string, Record<string, unknown>>;

describe('packaging configuration', () => {
  const config = load('electron-builder.yml');

  it('ships only the built app and package.json, with native modules rebuilt for Electron', () => {
    expect(config.files).toEqual(['dist/**', '!dist/packages{,/**}', '!dist/**/*.map', 'package.json']);
    expect(config.npmRebuild).toBe(true);
    expect(config.asar).toBe(true);
  });

  it('flips every hardening fuse', () => {
    expect(config.electronFuses).toEqual({
      runAsNode: false,
      enableCookieEncryption: true,
      enableNodeOptionsEnvironmentVariable: false,
      enableNodeCliInspectArguments: false,
      enableEmbeddedAsarIntegrityValidation: true,
      onlyLoadAppFromAsar: true,
      loadBrowserProcessSpecificV8Snapshot: false,
      grantFileProtocolExtraPrivileges: false,
    });
  });

  it('targets AppImage and deb (with the keychain), dmg (hardened) and a per-user NSIS installer', () => {
    expect(config.linux!.target).toEqual(['AppImage', 'deb']);
    expect(config.deb!.depends).toEqual(expect.arrayContaining(['libsecret-1-0', 'gnome-keyring']));
    expect(config.mac).toMatchObject({ target: ['dmg'], category: 'public.app-category.utilities', hardenedRuntime: true });
    expect(config.win!.target).toEqual(['nsis']);
    expect(config.nsis).toMatchObject({ perMachine: false });
  });

  it('the test build differs only in the fuses Playwright needs, and in its output folder', () => {
    const test = load('electron-builder.test.yml');
    expect(test.extends).toBe('./electron-builder.yml');
    expect(test.directories!.output).not.toBe(config.directories!.output);
    const fuses = config.electronFuses as Record<string, boolean>;
    const testFuses = test.electronFuses as Record<string, boolean>;
    const changed = Object.keys(fuses).filter((name) => fuses[name] !== testFuses[name]);
    expect(changed.sort()).toEqual(['enableNodeCliInspectArguments', 'runAsNode']);
  });
});
