// `npm start`: the desktop app where Electron can run; otherwise one line
// saying why, then headless mode (the same UI in a browser).
import { spawn, spawnSync } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { NO_ELECTRON_BINARY, electronBinary, ensureElectronDistDir } from './electron-binary.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const passThrough = process.argv.slice(2);

const built = spawnSync(process.execPath, [path.join(root, 'scripts', 'build.mjs')], { stdio: 'inherit', cwd: root });
if (built.status !== 0) process.exit(built.status ?? 1);

function whyNoDesktop() {
  if (!ensureElectronDistDir(root)) return NO_ELECTRON_BINARY;
  if (process.platform === 'linux' && !process.env.DISPLAY && !process.env.WAYLAND_DISPLAY) return 'there is no display';
  return undefined;
}

const reason = whyNoDesktop();
const run = reason
  ? (console.log(`RAIC: ${reason}; starting headless mode instead: open the URL printed below in your browser.`),
    spawn(process.execPath, [path.join(root, 'bin', 'raic.js'), 'serve', ...passThrough], { stdio: 'inherit', cwd: root }))
  : spawn(electronBinary(root), [root, ...passThrough], { stdio: 'inherit', cwd: root });
run.on('exit', (code) => process.exit(code ?? 0));
for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => run.kill(signal));
