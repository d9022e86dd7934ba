// `npm run dist [-- electron-builder options]`: builds, then packages the
// desktop app with electron-builder.yml into dist/packages (see
// docs/desktop.md). Where no Electron binary exists it prints one line saying
// why and exits with 1: no package was built.
//
// better-sqlite3 is not Node-API: its add-on is compiled for one runtime's
// ABI. The CLI and the tests need Node's build; the package needs Electron's.
// So this script compiles better-sqlite3 for Electron only for the time of
// packaging and then puts Node's build back (electron-builder's own
// `npmRebuild` would rebuild every native dependency in place and leave it
// that way; it is off).
import { spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { distPlan } from './dist-plan.mjs';
import { ensureElectronDistDir } from './electron-binary.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const plan = distPlan(process.argv.slice(2), { platform: process.platform, arch: process.arch, electronDir: ensureElectronDistDir(root) });
if (plan.reason) {
  console.log(`RAIC: no package built: ${plan.reason}.`);
  process.exit(1);
}

const run = (command, args) => spawnSync(command, args, { stdio: 'inherit', cwd: root, shell: process.platform === 'win32' }).status ?? 1;

const built = run(process.execPath, [path.join(root, 'scripts', 'build.mjs')]);
if (built !== 0) process.exit(built);

const status = await withBetterSqliteForElectron(() => run(process.execPath, [builderCli(), ...plan.builderArgs]));
process.exit(status);

/** Runs `work` with better-sqlite3 compiled for the installed Electron, then restores the build that was there. */
async function withBetterSqliteForElectron(work) {
  const buildDir = path.join(root, 'node_modules', 'better-sqlite3', 'build');
  const saved = path.join(mkdtempSync(path.join(os.tmpdir(), 'raic-dist-')), 'build');
  cpSync(buildDir, saved, { recursive: true });
  try {
    const electronVersion = JSON.parse(readFileSync(path.join(root, 'node_modules', 'electron', 'package.json'), 'utf8')).version;
    // @electron/rebuild is electron-builder's own rebuilder (a dependency of app-builder-lib).
    const fromAppBuilder = createRequire(createRequire(builderCli()).resolve('app-builder-lib/package.json'));
    const { rebuild } = await import(pathToFileURL(fromAppBuilder.resolve('@electron/rebuild')).href);
    await rebuild({ buildPath: root, electronVersion, onlyModules: ['better-sqlite3'], force: true });
    return work();
  } finally {
    rmSync(buildDir, { recursive: true, force: true });
    cpSync(saved, buildDir, { recursive: true });
    rmSync(path.dirname(saved), { recursive: true, force: true });
  }
}

function builderCli() {
  return createRequire(import.meta.url).resolve('electron-builder/cli.js');
}
