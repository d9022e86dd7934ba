/**
 * Where a packaged app keeps its own rclone: resources/rclone/, put there by
 * electron-builder.yml's extraResources (scripts/fetch-rclone.mjs fetches it).
 * Undefined outside a packaged app; the service checks the file exists and
 * falls back to the PATH when it does not.
 */
import path from 'node:path';

export function bundledRclonePath(): string | undefined {
  const resources = (process as NodeJS.Process & { resourcesPath?: string }).resourcesPath;
  if (typeof resources !== 'string' || resources === '') return undefined;
  return path.join(resources, 'rclone', process.platform === 'win32' ? 'rclone.exe' : 'rclone');
}
