import os from 'node:os';
import path from 'node:path';

/**
 * Where the grid lives: --data-dir, else RAIC_DATA_DIR, else the OS's per-user
 * application data folder (the same place Electron's app.getPath('userData')
 * would choose, so the desktop app and `raic` share one grid).
 */
export function resolveDataDir(explicit?: string, env: NodeJS.ProcessEnv = process.env): string {
  const chosen = explicit ?? env.RAIC_DATA_DIR;
  if (chosen && chosen.trim() !== '') return path.resolve(chosen);
  return defaultDataDir(env);
}

export function defaultDataDir(env: NodeJS.ProcessEnv = process.env, platform = process.platform): string {
  const home = os.homedir();
  if (platform === 'win32') return path.join(env.APPDATA ?? path.join(home, 'AppData', 'Roaming'), 'RAIC');
  if (platform === 'darwin') return path.join(home, 'Library', 'Application Support', 'RAIC');
  return path.join(env.XDG_DATA_HOME ?? path.join(home, '.local', 'share'), 'raic');
}
