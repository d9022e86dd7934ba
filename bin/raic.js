#!/usr/bin/env node
// Entry point of the `raic` command: runs the bundled CLI (npm run build makes it).
import { existsSync } from 'node:fs';
import { fileURLToPath, pathToFileURL } from 'node:url';
import path from 'node:path';

const bundle = path.join(path.dirname(fileURLToPath(import.meta.url)), '..', 'dist', 'cli', 'raic.mjs');
if (!existsSync(bundle)) {
  process.stderr.write('raic: not built yet; run `npm run build` in the RAIC folder first.\n');
  process.exit(1);
}
const { main } = await import(pathToFileURL(bundle).href);
process.exitCode = await main(process.argv.slice(2));
