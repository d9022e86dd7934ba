// Builds every runnable part: the CLI and Electron main/preload with esbuild,
// the React UI with Vite. Output goes to dist/ (git-ignored).
import { build } from 'esbuild';
import { build as viteBuild } from 'vite';

const common = { bundle: true, platform: 'node', target: 'node20', sourcemap: true, logLevel: 'warning' };
// npm packages stay in node_modules and load at run time: several carry native
// add-ons (better-sqlite3, the keyring, ssh2) that a bundle cannot hold, and
// the desktop package ships the production node_modules anyway.
const nodeProgram = { ...common, packages: 'external' };

await Promise.all([
  build({
    ...nodeProgram,
    entryPoints: { raic: 'cli/main.ts' },
    outdir: 'dist/cli',
    format: 'esm',
    outExtension: { '.js': '.mjs' },
    // Lets bundled CommonJS dependencies call require() inside an ES module.
    banner: { js: "import { createRequire as __raicCreateRequire } from 'node:module'; const require = __raicCreateRequire(import.meta.url);" },
  }),
  build({
    ...nodeProgram,
    entryPoints: { main: 'electron/main.ts' },
    outdir: 'dist/electron',
    format: 'cjs',
    outExtension: { '.js': '.cjs' },
    external: ['electron'],
  }),
  // The grid service's own process in the desktop app (Electron utility process), so the window never waits on it.
  build({
    ...nodeProgram,
    entryPoints: { 'service-host': 'electron/host/service-host.ts' },
    outdir: 'dist/electron',
    format: 'cjs',
    outExtension: { '.js': '.cjs' },
    external: ['electron'],
  }),
  build({
    ...common,
    entryPoints: { preload: 'electron/preload.ts' },
    outdir: 'dist/electron',
    format: 'cjs',
    outExtension: { '.js': '.cjs' },
    external: ['electron'],
    // A sandboxed preload may only require('electron'): everything else is bundled in.
    platform: 'browser',
  }),
]);
await viteBuild({ configFile: 'vite.config.ts', logLevel: 'warn' });
console.log('built dist/cli, dist/electron, dist/renderer');
