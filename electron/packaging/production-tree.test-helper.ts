/**
 * The installed production dependency tree (what electron-builder copies into
 * the app: `dependencies` and the optional dependencies that are installed,
 * recursively) and the native add-ons (`.node` files) in it.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';

export interface InstalledPackage {
  name: string;
  dir: string;
}

interface Manifest {
  dependencies?: Record<string, string>;
  optionalDependencies?: Record<string, string>;
}

const readManifest = (dir: string) => JSON.parse(readFileSync(path.join(dir, 'package.json'), 'utf8')) as Manifest;

/** Node's lookup: node_modules/<name> in `from`, then in each folder above it. */
function findPackageDir(name: string, from: string): string | undefined {
  for (let dir = from; ; dir = path.dirname(dir)) {
    const candidate = path.join(dir, 'node_modules', name);
    if (existsSync(path.join(candidate, 'package.json'))) return candidate;
    if (path.dirname(dir) === dir) return undefined;
  }
}

/** Every installed package the app needs at run time. A missing required dependency throws (the app would fail to load it). */
export function productionPackages(projectDir: string): InstalledPackage[] {
  const found = new Map<string, InstalledPackage>();
  const visit = (fromDir: string) => {
    const manifest = readManifest(fromDir);
    const required = Object.keys(manifest.dependencies ?? {});
    const optional = Object.keys(manifest.optionalDependencies ?? {});
    for (const name of [...required, ...optional]) {
      const dir = findPackageDir(name, fromDir);
      if (!dir) {
        // Optional dependencies for other platforms (prebuilt binaries) are not installed, by design.
        if (optional.includes(name)) continue;
        throw new Error(`${name}, a dependency of ${path.relative(projectDir, fromDir) || 'the project'}, is not installed`);
      }
      if (found.has(dir)) continue;
      found.set(dir, { name, dir });
      visit(dir);
    }
  };
  visit(projectDir);
  return [...found.values()];
}

/**
 * `.node` files of one package that electron-builder copies, relative to its
 * folder. Nested node_modules are packages of their own; node-gyp's
 * intermediate folders (Release/obj.target, Release/.deps) are skipped, as
 * electron-builder's NodeModuleCopyHelper skips them.
 */
export function nativeAddonFiles(packageDir: string): string[] {
  const files: string[] = [];
  const walk = (dir: string) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      if (entry.isDirectory()) {
        const intermediate = path.basename(dir) === 'Release' && (entry.name === 'obj.target' || entry.name === '.deps');
        if (entry.name !== 'node_modules' && !intermediate) walk(path.join(dir, entry.name));
      } else if (entry.name.endsWith('.node')) {
        files.push(path.relative(packageDir, path.join(dir, entry.name)).split(path.sep).join('/'));
      }
    }
  };
  walk(packageDir);
  return files.sort();
}

/** How a `.node` file hooks into the runtime that loads it. */
export type AddonKind =
  /** Node-API: one build loads in Node and in Electron (ABI-stable). */
  | 'napi'
  /** Built against one runtime's ABI (NODE_MODULE / V8 / NAN): loads only in the runtime it was compiled for. */
  | 'runtime-specific'
  /** Neither registration symbol: not a Node add-on (e.g. a shared library that happens to end in .node). */
  | 'not-an-addon';

/**
 * Reads the registration symbol from the binary: Node looks up
 * `napi_register_module_v1` for a Node-API module; an ABI-specific module
 * exports `node_register_module_v<ABI>` or calls `node_module_register`. The
 * names are plain bytes in the symbol tables of ELF, Mach-O and PE files.
 */
export function addonKind(file: string): AddonKind {
  const bytes = readFileSync(file);
  if (bytes.includes('napi_register_module_v1')) return 'napi';
  if (bytes.includes('node_register_module_v') || bytes.includes('node_module_register')) return 'runtime-specific';
  return 'not-an-addon';
}
