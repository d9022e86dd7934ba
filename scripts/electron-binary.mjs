// Where Electron's binary is, without require('electron') (which would try to
// download it): shared by `npm start`, `npm run dist` and the packaging test.
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';

/** The folder holding Electron's unpacked release (node_modules/electron/dist, or ELECTRON_OVERRIDE_DIST_PATH), if it has the binary. */
export function electronDistDir(root, env = process.env) {
  if (env.ELECTRON_OVERRIDE_DIST_PATH) return env.ELECTRON_OVERRIDE_DIST_PATH;
  const pathFile = path.join(root, 'node_modules', 'electron', 'path.txt');
  if (!existsSync(pathFile)) return undefined;
  const dir = path.join(root, 'node_modules', 'electron', 'dist');
  return existsSync(path.join(dir, readFileSync(pathFile, 'utf8').trim())) ? dir : undefined;
}

/** The Electron executable to launch, if installed. */
export function electronBinary(root, env = process.env) {
  if (env.ELECTRON_OVERRIDE_DIST_PATH) return path.join(env.ELECTRON_OVERRIDE_DIST_PATH, 'electron');
  const dir = electronDistDir(root, env);
  return dir && path.join(dir, readFileSync(path.join(root, 'node_modules', 'electron', 'path.txt'), 'utf8').trim());
}

/**
 * Electron's npm package (45 and later) installs no binary: it is downloaded
 * on first use (`npx install-electron`). `npm start` and `npm run dist` try
 * that once, quietly, unless ELECTRON_SKIP_BINARY_DOWNLOAD is set; where the
 * download is impossible the caller says so in one line.
 */
export function ensureElectronDistDir(root, env = process.env) {
  const installed = electronDistDir(root, env);
  if (installed || env.ELECTRON_SKIP_BINARY_DOWNLOAD) return installed;
  const installer = path.join(root, 'node_modules', 'electron', 'install.js');
  if (!existsSync(installer)) return undefined;
  console.log("RAIC: downloading Electron's binary (once)...");
  spawnSync(process.execPath, [installer], { cwd: root, stdio: 'ignore' });
  return electronDistDir(root, env);
}

export const NO_ELECTRON_BINARY = "Electron's binary is not installed here (it could not be downloaded)";
