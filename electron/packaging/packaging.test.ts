/**
 * The desktop package, checked with electron-builder's own code where no
 * Electron binary exists: the configuration passes its validation (and its
 * deb target's metadata check), and its file filters, applied to a real
 * build's output and the installed production dependencies, take every file
 * the packaged app loads, leave the native add-ons outside the asar archive
 * and take nothing that must not ship. Where Electron's binary exists,
 * `npm run dist -- --dir` builds the unpacked app and the test starts it.
 */
import { spawn, spawnSync } from 'node:child_process';
import { builtinModules } from 'node:module';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { electronDistDir, NO_ELECTRON_BINARY } from '../../scripts/electron-binary.mjs';
import { APP_ID } from '../startup';
import { loadBuild, type LoadedBuild } from './electron-builder.test-helper';
import { nativeAddonFiles, productionPackages } from './production-tree.test-helper';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const projectPackage = JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8')) as {
  main: string;
  dependencies: Record<string, string>;
  devDependencies: Record<string, string>;
};

/** Every file under `dir`, relative to it, with forward slashes. */
function listFiles(dir: string): string[] {
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile())
    .map((entry) => path.relative(dir, path.join(entry.parentPath, entry.name)).split(path.sep).join('/'));
}

describe('electron-builder', () => {
  it('is a dev dependency pinned to one version, 26 or later (older ones build Windows executables that fail ASAR integrity)', () => {
    const pinned = projectPackage.devDependencies['electron-builder'];
    expect(pinned).toMatch(/^\d+\.\d+\.\d+$/);
    const installed = (JSON.parse(readFileSync(path.join(root, 'node_modules', 'electron-builder', 'package.json'), 'utf8')) as { version: string }).version;
    expect(installed).toBe(pinned);
    expect(Number(installed.split('.')[0])).toBeGreaterThanOrEqual(26);
  });
});

describe('packaging configuration, validated by electron-builder', () => {
  let release: LoadedBuild;
  let testBuild: LoadedBuild;
  beforeAll(async () => {
    release = await loadBuild(root, 'electron-builder.yml');
    testBuild = await loadBuild(root, 'electron-builder.test.yml');
  });

  it("the app's Windows AppUserModelId (main.ts) is the installer's appId", () => {
    expect(release.config.appId).toBe(APP_ID);
  });

  it('rejects an unknown option (the validation really runs)', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'raic-builder-config-'));
    try {
      const file = path.join(dir, 'misspelt.yml');
      writeFileSync(file, `extends: ${JSON.stringify(path.join(root, 'electron-builder.yml'))}\nasarUnpak: ["**/*.node"]\n`);
      await expect(loadBuild(root, file)).rejects.toThrow(/asarUnpak/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('the deb has what fpm requires: a project URL and a maintainer with an email address', async () => {
    const { url, maintainer } = await release.checkDebMetadata();
    expect(url).toMatch(/^https:\/\//);
    expect(maintainer).toMatch(/<[^@\s>]+@[^@\s>]+>$/);
  });

  it('the deb requires the Secret Service client, and only recommends gnome-keyring (other providers exist; the encrypted file is the fallback)', () => {
    expect(release.config.deb?.depends).toContain('libsecret-1-0');
    expect(release.config.deb?.depends).not.toContain('gnome-keyring');
    expect(release.config.deb?.recommends).toContain('gnome-keyring');
  });

  it('does not rebuild node_modules for Electron: every add-on RAIC loads is Node-API, one build for Node and Electron', () => {
    expect(release.config.npmRebuild).toBe(false);
  });

  it('the release build turns off every way to run it as something else or to debug it', () => {
    expect(release.config.electronFuses).toMatchObject({
      runAsNode: false,
      enableNodeOptionsEnvironmentVariable: false,
      enableNodeCliInspectArguments: false,
      enableEmbeddedAsarIntegrityValidation: true,
      onlyLoadAppFromAsar: true,
      grantFileProtocolExtraPrivileges: false,
    });
  });

  it('the test build (electron-builder.test.yml) differs only in the two fuses Playwright needs and its output folder', () => {
    const { electronFuses: releaseFuses, directories: releaseDirs, ...releaseRest } = release.config;
    const { electronFuses: testFuses, directories: testDirs, extends: _extends, ...testRest } = testBuild.config;
    expect(testRest).toEqual(releaseRest);
    expect(testDirs?.output).not.toBe(releaseDirs?.output);
    const fuses = releaseFuses as Record<string, boolean>;
    const changed = Object.keys(fuses).filter((name) => fuses[name] !== (testFuses as Record<string, boolean>)[name]);
    expect(changed.sort()).toEqual(['enableNodeCliInspectArguments', 'runAsNode']);
  });
});

describe('what the package holds (electron-builder\'s filters on a real `npm run build`)', () => {
  let release: LoadedBuild;
  let testBuild: LoadedBuild;
  let buildDir: string;
  /** The build's files, as they would sit in the project: dist/electron/main.cjs, ... */
  let built: string[];
  beforeAll(async () => {
    release = await loadBuild(root, 'electron-builder.yml');
    testBuild = await loadBuild(root, 'electron-builder.test.yml');
    buildDir = mkdtempSync(path.join(os.tmpdir(), 'raic-build-'));
    const result = spawnSync(process.execPath, [path.join(root, 'scripts', 'build.mjs'), `--out-dir=${path.join(buildDir, 'dist')}`], { cwd: root, encoding: 'utf8' });
    expect(result.status, result.stderr).toBe(0);
    built = listFiles(buildDir);
  });
  afterAll(() => rmSync(buildDir, { recursive: true, force: true }));

  it("ships every file the app loads: package.json's main, the service host, the preload, the UI", () => {
    // The names main.ts loads next to itself (__dirname): preload.cjs, service-host.cjs, ../renderer/.
    const needed = [projectPackage.main, 'dist/electron/service-host.cjs', 'dist/electron/preload.cjs', 'dist/renderer/index.html'];
    for (const file of needed) {
      expect(built, `${file} is not built`).toContain(file);
      for (const build of [release, testBuild]) expect(build.shipsAppFile(file), `${file} is not packaged`).toBe(true);
    }
    expect(release.shipsAppFile('package.json')).toBe(true);
    // Every script, style and image the UI links to.
    for (const file of built.filter((name) => name.startsWith('dist/renderer/') && !name.endsWith('.map'))) {
      expect(release.shipsAppFile(file), `${file} is not packaged`).toBe(true);
    }
  });

  it('ships no CLI, no source maps, and no earlier package output (dist/packages*, e.g. a test build with RunAsNode on)', () => {
    const mustNotShip = [
      ...built.filter((name) => name.startsWith('dist/cli/') || name.endsWith('.map')),
      'dist/packages/raic_0.1.0_amd64.deb',
      'dist/packages/linux-unpacked/resources/app.asar',
      'dist/packages-test/linux-unpacked/resources/app.asar',
      'dist/packages-test/linux-unpacked/raic',
      'dist/packages-anything/file',
    ];
    expect(mustNotShip.filter((name) => name.startsWith('dist/cli/'))).not.toEqual([]);
    for (const build of [release, testBuild]) {
      expect(mustNotShip.filter((file) => build.shipsAppFile(file))).toEqual([]);
    }
  });

  it('every package the built app requires is a production dependency (devDependencies are not packaged)', () => {
    const bundles = built.filter((name) => name.startsWith('dist/electron/') && name.endsWith('.cjs'));
    const required = new Set(bundles.flatMap((bundle) => [...readFileSync(path.join(buildDir, bundle), 'utf8').matchAll(/\brequire\("([^"./][^"]*)"\)/g)].map((match) => match[1]!)));
    const packageName = (specifier: string) => specifier.split('/').slice(0, specifier.startsWith('@') ? 2 : 1).join('/');
    const missing = [...required]
      .filter((specifier) => !specifier.startsWith('node:') && !builtinModules.includes(specifier) && specifier !== 'electron')
      .filter((specifier) => !(packageName(specifier) in projectPackage.dependencies));
    expect(required.has('@photostructure/sqlite')).toBe(true);
    expect(missing).toEqual([]);
  });

  it('the desktop bundles load packages with require(), also those the code imports lazily (the keyring), never through import() from inside app.asar', () => {
    const bundles = built.filter((name) => name.startsWith('dist/electron/') && name.endsWith('.cjs'));
    const texts = bundles.map((bundle) => readFileSync(path.join(buildDir, bundle), 'utf8'));
    const imported = texts.flatMap((text) => [...text.matchAll(/\bimport\("([^"]+)"\)/g)].map((match) => match[1]!));
    expect(imported).toEqual([]);
    expect(texts.some((text) => text.includes('require("@napi-rs/keyring")'))).toBe(true);
  });

  it('every native add-on of the production dependencies is packaged, outside the asar archive (SQLite and the keyring among them)', () => {
    const addons = productionPackages(root).flatMap((pkg) => nativeAddonFiles(pkg.dir).map((file) => ({ pkg: pkg.name, file: `node_modules/${pkg.name}/${file}` })));
    expect(addons.some(({ pkg }) => pkg === '@photostructure/sqlite')).toBe(true);
    for (const build of [release, testBuild]) {
      // The SQLite binding's sources stay behind; its code and add-ons ship.
      expect(build.shipsDependencyFile('node_modules/@photostructure/sqlite/src/sqlite_impl.cpp')).toBe(false);
      expect(build.shipsDependencyFile('node_modules/@photostructure/sqlite/binding.gyp')).toBe(false);
      expect(build.shipsDependencyFile('node_modules/@photostructure/sqlite/dist/index.cjs')).toBe(true);
      expect(build.shipsDependencyFile('node_modules/@photostructure/sqlite/package.json')).toBe(true);
    }
    expect(addons.some(({ pkg }) => pkg.startsWith('@napi-rs/keyring'))).toBe(true);
    for (const build of [release, testBuild]) {
      expect(addons.filter(({ file }) => !build.shipsDependencyFile(file)).map(({ file }) => file)).toEqual([]);
      expect(addons.filter(({ file }) => !build.unpacks(file)).map(({ file }) => file)).toEqual([]);
    }
  });
});

describe('the unpacked app (npm run dist -- --dir)', () => {
  const electronDir = electronDistDir(root);
  const noDisplay = process.platform === 'linux' && !process.env.DISPLAY && !process.env.WAYLAND_DISPLAY;
  const why = !electronDir ? NO_ELECTRON_BINARY : noDisplay ? 'there is no display to open the app on' : undefined;

  it('builds and starts: the window process stays up with its service', { timeout: 900_000 }, async (context) => {
    if (why) context.skip(why);
    const dist = spawnSync(process.execPath, [path.join(root, 'scripts', 'dist.mjs'), '--dir'], { cwd: root, encoding: 'utf8' });
    expect(dist.status, dist.stdout + dist.stderr).toBe(0);
    const output = path.join(root, 'dist', 'packages');
    const executable = {
      linux: path.join(output, 'linux-unpacked', 'raic'),
      darwin: path.join(output, process.arch === 'arm64' ? 'mac-arm64' : 'mac', 'RAIC.app', 'Contents', 'MacOS', 'RAIC'),
      win32: path.join(output, 'win-unpacked', 'RAIC.exe'),
    }[process.platform as 'linux' | 'darwin' | 'win32'];
    expect(existsSync(executable), `${executable} was not built`).toBe(true);

    const profile = mkdtempSync(path.join(os.tmpdir(), 'raic-packaged-'));
    const app = spawn(executable, [`--data-dir=${path.join(profile, 'grid')}`, `--user-data-dir=${path.join(profile, 'user')}`], { stdio: ['ignore', 'pipe', 'pipe'] });
    let stderr = '';
    app.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    try {
      const exited = await new Promise<number | null | 'running'>((resolve) => {
        app.once('exit', (code) => resolve(code));
        setTimeout(() => resolve('running'), 20_000);
      });
      expect(exited, stderr).toBe('running');
      // main logs "raic: ..." when the service host fails or is missing; a packaged app must have a working one.
      expect(stderr).not.toMatch(/raic: .*(failed|missing|could not)/);
    } finally {
      app.kill();
      rmSync(profile, { recursive: true, force: true });
    }
  });
});
