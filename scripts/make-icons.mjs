// Writes RAIC's icons into assets/ from the artwork in electron/icons/art.ts:
// icon.svg (the vector source, for docs and stores), icon.png (512 px, what
// electron-builder turns into .icns/.ico), icons/NxN.png (Linux sizes) and
// tray/ (the status variants main draws at runtime, committed for reference).
// The rasterizer is electron/icons/raster.ts (node:zlib, no image library).
// Run after changing the artwork:  npx tsx scripts/make-icons.mjs
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { APP_MARK, STATUS_COLORS, trayMark } from '../electron/icons/art.ts';
import { renderPng, toSvg } from '../electron/icons/raster.ts';

const assets = path.join(path.dirname(fileURLToPath(import.meta.url)), '..', 'assets');
mkdirSync(path.join(assets, 'icons'), { recursive: true });
mkdirSync(path.join(assets, 'tray'), { recursive: true });

writeFileSync(path.join(assets, 'icon.svg'), toSvg(APP_MARK));
writeFileSync(path.join(assets, 'icon.png'), renderPng(APP_MARK, 512));
for (const size of [16, 32, 64, 128, 256, 512]) {
  writeFileSync(path.join(assets, 'icons', `${size}x${size}.png`), renderPng(APP_MARK, size));
}
for (const level of Object.keys(STATUS_COLORS)) {
  writeFileSync(path.join(assets, 'tray', `tray-${level}.png`), renderPng(trayMark(level), 16));
  writeFileSync(path.join(assets, 'tray', `tray-${level}@2x.png`), renderPng(trayMark(level), 32));
}
console.log(`icons written to ${path.relative(process.cwd(), assets) || '.'}`);
