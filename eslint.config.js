import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import globals from 'globals';
import layers from './scripts/layer-imports.js';

// ── Layers ───────────────────────────────────────────────────────────────────
// The layer table of docs/architecture.md, enforced by scripts/layer-imports.js:
// a file may import its own folder, the paths in `mayImport`, and the packages
// its layer allows. A later entry for a narrower set of files replaces the
// folder's entry for those files.

/**
 * Tests, test helpers, the conformance suites that tests run against each
 * implementation, and the folders of tests, benchmarks and build scripts
 * stand outside the table.
 */
const NOT_LAYERED = [
  '**/*.test.ts',
  '**/*.test.tsx',
  '**/*.test-helper.ts',
  '**/test-support/**',
  '**/test-fixtures/**',
  '**/conformance/**',
  '**/conformance.ts',
  '**/conformance-suite.ts',
  'reliability/**',
  'e2e/**',
  'bench/**',
  'scripts/**',
];
const TEST_PACKAGES = ['vitest', '@playwright/test', 'fast-check'];
const UI_PACKAGES = ['electron', 'react', 'react-dom'];

const LAYERS = {
  shared: { files: ['shared/**'], own: 'shared/', mayImport: [], packages: { allow: ['zod'] } },
  engine: { files: ['engine/**'], own: 'engine/', mayImport: ['shared/'], packages: { deny: [...UI_PACKAGES, ...TEST_PACKAGES] } },
  // The service core sits below its own HTTP transport (service/http/), which it must not import.
  service: { files: ['service/**'], own: 'service/', mayImport: ['engine/', 'shared/'], mayNotImport: ['service/http/'], packages: { deny: [...UI_PACKAGES, ...TEST_PACKAGES] } },
  serviceHttp: { files: ['service/http/**'], own: 'service/', mayImport: ['engine/', 'shared/'], packages: { deny: [...UI_PACKAGES, ...TEST_PACKAGES] } },
  cli: { files: ['cli/**'], own: 'cli/', mayImport: ['service/', 'shared/'], packages: { deny: [...UI_PACKAGES, ...TEST_PACKAGES] } },
  // The engine-level commands work on the grid directly (gbs serves one account's storage server over the engine's
  // GBS protocol), and the context that opens it for them.
  cliEngineCommands: {
    files: ['cli/commands/cap.ts', 'cli/commands/put.ts', 'cli/commands/get.ts', 'cli/commands/check.ts', 'cli/commands/gbs.ts', 'cli/context.ts'],
    own: 'cli/',
    mayImport: ['service/', 'engine/', 'shared/'],
    packages: { deny: [...UI_PACKAGES, ...TEST_PACKAGES] },
  },
  electron: { files: ['electron/**'], own: 'electron/', mayImport: ['service/', 'shared/'], packages: { deny: ['react', 'react-dom', ...TEST_PACKAGES] } },
  // The sandboxed preload: the contract's channel names, and the desktop-only ones kept import-free beside it.
  electronPreload: { files: ['electron/preload.ts'], own: 'electron/preload.ts', mayImport: ['shared/', 'electron/desktop-channels.ts'], packages: { allow: ['electron'] } },
  // The UI runs in a browser page: no Node, no Electron, only the contract below it.
  renderer: { files: ['renderer/**'], own: 'renderer/', mayImport: ['shared/'], packages: { deny: ['electron', 'node:*', ...TEST_PACKAGES] } },
  // Provider descriptors: shared/ reads them (see the exception below), so they reach the UI too and keep to what shared/ may use.
  providerDescriptors: { files: ['engine/backends/*/provider.ts'], own: 'engine/backends/*/provider.ts', mayImport: ['shared/'], packages: { allow: ['zod'] } },
};

/** The same layer's rule for some of its files, with more paths allowed (and, if given, other refusals or packages). */
function exception(layer, files, { mayImport = [], mayNotImport, packages } = {}) {
  const { files: _files, ...base } = LAYERS[layer];
  return {
    files,
    ...base,
    mayImport: [...base.mayImport, ...mayImport],
    ...(mayNotImport ? { mayNotImport } : {}),
    ...(packages ? { packages } : {}),
  };
}

const EXCEPTIONS = [
  // ── Provider descriptors ──
  // The provider registry and the account schemas in shared/ read the
  // descriptors (kept as clean as shared/ by the table's last row), so a
  // provider's schema, form fields and defaults live in its own folder.
  exception('shared', ['shared/providers.ts', 'shared/accounts.ts'], { mayImport: ['engine/backends/*/provider.ts'] }),

  // ── Known violations, each someone's to remove: none left. An entry added here must name its owner; ──
  // scripts/layer-imports.test.ts fails while an entry is no longer needed.
].filter((entry) => entry.files.length > 0);

function layerBlock({ files, ...options }) {
  return { files, ignores: NOT_LAYERED, plugins: { layers }, rules: { 'layers/imports': ['error', options] } };
}
/** The table alone, and its exceptions: apart so a test can tell an exception that is no longer needed. */
export const LAYER_BLOCKS = Object.values(LAYERS).map(layerBlock);
export const EXCEPTION_BLOCKS = EXCEPTIONS.map(layerBlock);

export default tseslint.config(
  { ignores: ['dist/**', 'node_modules/**', 'test-results/**', 'playwright-report/**', 'engine/erasure/kernel/assembly/**', '**/*.generated.ts', 'engine/erasure/kernel/rs-kernel-wasm.ts'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node, ...globals.browser } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
    },
  },
  ...LAYER_BLOCKS,
  ...EXCEPTION_BLOCKS,
);
