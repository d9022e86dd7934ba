// `npm run dist [-- electron-builder options]`: builds, then packages the
// desktop app with electron-builder.yml into dist/packages (see
// docs/desktop.md). Where no Electron binary exists it prints one line saying
// why and exits with 1: no package was built.
//
// Nothing is compiled for Electron: every native add-on RAIC loads (SQLite,
// the keyring) is Node-API, so the build installed for Node is the one the
// package ships (electron-builder's `npmRebuild` is off; see
// electron-builder.yml).
import { spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
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

// rclone goes into the package as an extra resource (electron-builder.yml); the script skips itself in tests and CI.
if (!process.env.RAIC_SKIP_RCLONE) {
  const fetched = run(process.execPath, [path.join(root, 'scripts', 'fetch-rclone.mjs')]);
  if (fetched !== 0) process.exit(fetched);
}

process.exit(run(process.execPath, [builderCli(), ...plan.builderArgs]));

function builderCli() {
  return createRequire(import.meta.url).resolve('electron-builder/cli.js');
}
