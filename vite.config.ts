import { defineConfig } from 'vite';

// The renderer is built to static files that both Electron (custom app://
// protocol) and headless mode serve; relative asset paths work under either.
export default defineConfig({
  root: 'renderer',
  base: './',
  build: {
    outDir: '../dist/renderer',
    emptyOutDir: true,
    // No inline scripts or styles: the CSP allows 'self' only.
    assetsInlineLimit: 0,
    modulePreload: { polyfill: false },
  },
});
