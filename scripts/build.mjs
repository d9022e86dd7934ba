// Builds every runnable part: the CLI and Electron main/preload with esbuild,
// the React UI with Vite. Output goes to dist/ (git-ignored), or to the folder
// given as --out-dir=<dir> (the packaging test builds into a temporary one).
import { readdirSync, rmSync } from 'node:fs';
import path from 'node:path';
import { build } from 'esbuild';
import { build as viteBuild } from 'vite';

const outDirArgument = process.argv.slice(2).find((arg) => arg.startsWith('--out-dir='))?.slice('--out-dir='.length);
const out = (part) => path.join(outDirArgument ?? 'dist', part);

const common = { bundle: true, platform: 'node', target: 'node20', sourcemap: true, logLevel: 'warning' };
// npm packages stay in node_modules and load at run time: several carry native
// add-ons (SQLite, the keyring, ssh2) that a bundle cannot hold, and
// the desktop package ships the production node_modules anyway.
const nodeProgram = { ...common, packages: 'external' };
// The desktop app's CommonJS bundles load a package the code imports lazily
// (`await import('@napi-rs/keyring')`) with require(), as they load every
// other package, not through Node's ES-module loader from inside app.asar.
const desktopProgram = { ...nodeProgram, format: 'cjs', supported: { 'dynamic-import': false } };

// zod is bundled into the CLI, not loaded from node_modules: it is pure
// JavaScript and its ~100 small ES modules cost each `raic` start about
// 40 ms to find and compile, against a few ms as part of a chunk.
const BUNDLED_IN_CLI = /^zod(\/|$)/;
const keepPackagesExternalButZod = {
  name: 'packages-external-but-zod',
  setup(pluginBuild) {
    pluginBuild.onResolve({ filter: /^[^./]/ }, (args) =>
      args.kind === 'entry-point' || BUNDLED_IN_CLI.test(args.path) ? undefined : { path: args.path, external: true },
    );
  },
};

/**
 * The CLI's chunks have hashed names, so a rebuild leaves the old ones behind:
 * removed once the new ones are written (not before, so a `raic` already
 * running keeps finding the chunks that did not change).
 */
function removeStaleChunks(folder, metafile) {
  const written = new Set(Object.keys(metafile.outputs).map((file) => path.resolve(file)));
  for (const name of readdirSync(folder)) {
    const file = path.resolve(folder, name);
    if (!written.has(file)) rmSync(file, { force: true });
  }
}

await Promise.all([
  build({
    ...common,
    plugins: [keepPackagesExternalButZod],
    entryPoints: { raic: 'cli/main.ts' },
    outdir: out('cli'),
    format: 'esm',
    // Each import() (every subcommand, each storage backend, the HTTP server)
    // stays its own chunk that loads when first needed, so `raic --help` or
    // `raic ls` does not load the AWS SDK, ssh2 or the web server. The chunks
    // sit beside raic.mjs: serve.ts finds the UI relative to its own file.
    splitting: true,
    chunkNames: '[name]-[hash]',
    outExtension: { '.js': '.mjs' },
    // Lets bundled CommonJS dependencies call require() inside an ES module
    // (esbuild puts the banner at the top of every chunk).
    banner: { js: "import { createRequire as __raicCreateRequire } from 'node:module'; const require = __raicCreateRequire(import.meta.url);" },
    metafile: true,
  }).then(({ metafile }) => removeStaleChunks(out('cli'), metafile)),
  build({
    ...desktopProgram,
    entryPoints: { main: 'electron/main.ts' },
    outdir: out('electron'),
    outExtension: { '.js': '.cjs' },
    external: ['electron'],
  }),
  // The grid service's own process in the desktop app (Electron utility process), so the window never waits on it.
  build({
    ...desktopProgram,
    entryPoints: { 'service-host': 'electron/host/service-host.ts' },
    outdir: out('electron'),
    outExtension: { '.js': '.cjs' },
    external: ['electron'],
  }),
  build({
    ...common,
    entryPoints: { preload: 'electron/preload.ts' },
    outdir: out('electron'),
    format: 'cjs',
    outExtension: { '.js': '.cjs' },
    external: ['electron'],
    // A sandboxed preload may only require('electron'): everything else is bundled in.
    platform: 'browser',
  }),
]);
await viteBuild({
  configFile: 'vite.config.ts',
  logLevel: 'warn',
  ...(outDirArgument ? { build: { outDir: path.resolve(outDirArgument, 'renderer') } } : {}),
});
console.log(`built ${['cli', 'electron', 'renderer'].map(out).join(', ')}`);
