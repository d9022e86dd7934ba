/**
 * What a `raic` command loads before it runs: the static imports reachable
 * from main.ts and from the service it opens (dynamic import() calls are not
 * followed, as the split bundle loads them only when reached). The heavy
 * packages of the cloud backends and the keychain must stay behind an
 * import(): pulled in again through a barrel (engine/backends/index.ts
 * re-exports every store), they would cost every command about half a second.
 */
import { build, type Metafile } from 'esbuild';
import { describe, expect, it } from 'vitest';

/** Packages only some accounts need, each loaded when one of them is opened. */
const LOADED_ON_DEMAND = ['@aws-sdk/client-s3', '@aws-sdk/lib-storage', 'ssh2-sftp-client', 'fast-xml-parser', '@napi-rs/keyring'];

async function importGraph(entryPoints: string[]): Promise<Metafile> {
  const result = await build({ entryPoints, bundle: true, platform: 'node', format: 'esm', packages: 'external', splitting: true, outdir: 'unused', write: false, metafile: true, logLevel: 'silent' });
  return result.metafile;
}

/** The npm packages (not node: built-ins) that loading `entry` imports statically, directly or through project files. */
function staticPackages(metafile: Metafile, entry: string): Set<string> {
  const seen = new Set([entry]);
  const queue = [entry];
  const packages = new Set<string>();
  while (queue.length > 0) {
    for (const imported of metafile.inputs[queue.shift()!]?.imports ?? []) {
      if (imported.kind !== 'import-statement') continue;
      if (imported.external) {
        if (!imported.path.startsWith('node:')) packages.add(imported.path);
      } else if (!seen.has(imported.path)) {
        seen.add(imported.path);
        queue.push(imported.path);
      }
    }
  }
  return packages;
}

describe('what a raic command loads at start', () => {
  it('main.ts (raic --help, a command\'s --help, an unknown command) imports no npm package', async () => {
    const metafile = await importGraph(['cli/main.ts']);
    expect([...staticPackages(metafile, 'cli/main.ts')]).toEqual([]);
  }, 60_000);

  it('opening the service and listing a folder import none of the cloud SDKs, ssh2, the XML parser or the keyring', async () => {
    const entries = ['service/raic-service.ts', 'cli/commands/ls.ts', 'cli/commands/mv.ts', 'cli/commands/get.ts'];
    const metafile = await importGraph(entries);
    for (const entry of entries) {
      const loaded = staticPackages(metafile, entry);
      expect(LOADED_ON_DEMAND.filter((name) => loaded.has(name)), entry).toEqual([]);
    }
    // The catalog's SQLite is what the service does need: the check above would pass vacuously if nothing were followed.
    expect(staticPackages(metafile, 'service/raic-service.ts').has('@photostructure/sqlite')).toBe(true);
  }, 60_000);
});
