/**
 * The layer rule (scripts/layer-imports.js, configured in eslint.config.js)
 * fires on imports that go up the layer table, and the tree has none.
 */
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { ESLint, type Linter } from 'eslint';
import tseslint from 'typescript-eslint';
import { describe, expect, it } from 'vitest';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const RULE = 'layers/imports';
const eslint = new ESLint({ cwd: ROOT, ruleFilter: ({ ruleId }) => ruleId === RULE });

/** The layer rule's messages for `code` as if it were the file at `filePath` (relative to the root). */
async function layerErrors(filePath: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath: path.join(ROOT, filePath) });
  const fatal = result!.messages.filter((m) => m.fatal);
  if (fatal.length > 0) throw new Error(fatal.map((m) => m.message).join('\n'));
  return result!.messages.filter((m) => m.ruleId === RULE).map((m) => m.message);
}

describe('the layer rule', () => {
  it('refuses an engine file that imports the service, the CLI, the UI or Electron, in any form', async () => {
    expect(await layerErrors('engine/x.ts', "import { RaicService } from '../service/raic-service';\n")).toEqual([
      'engine/ may not import service/raic-service.ts: see the layer table in docs/architecture.md.',
    ]);
    expect(await layerErrors('engine/grid/x.ts', "import type { OpenGrid } from '../../cli/context.js';\n")).toHaveLength(1);
    expect(await layerErrors('engine/x.ts', "export const load = () => import('../renderer/src/App');\n")).toHaveLength(1);
    expect(await layerErrors('engine/x.ts', "export * from '../electron/security';\n")).toHaveLength(1);
    expect(await layerErrors('engine/x.ts', "type T = import('../service/dispatch').Dispatcher;\nexport type U = T;\n")).toHaveLength(1);
    expect(await layerErrors('engine/x.ts', "import { app } from 'electron';\nimport { it } from 'vitest';\n")).toEqual([
      'engine/ may not import the package "electron": see the layer table in docs/architecture.md.',
      'engine/ may not import the package "vitest": see the layer table in docs/architecture.md.',
    ]);
  });

  it('lets the engine import itself, shared/, Node and provider SDKs', async () => {
    const code = "import { readFile } from 'node:fs/promises';\nimport { S3Client } from '@aws-sdk/client-s3';\nimport { parseCap } from '../chk';\nimport type { RaicApi } from '../../shared/api';\n";
    expect(await layerErrors('engine/grid/x.ts', code)).toEqual([]);
  });

  it('keeps the renderer to shared/: no engine, no service, no Node, no Electron', async () => {
    expect(await layerErrors('renderer/src/screens/x.tsx', "import { gridRobustness } from '../../../engine/robustness';\n")).toEqual([
      'renderer/ may not import engine/robustness/index.ts: see the layer table in docs/architecture.md.',
    ]);
    expect(await layerErrors('renderer/src/x.ts', "import type { RaicService } from '../../service/raic-service';\n")).toHaveLength(1);
    expect(await layerErrors('renderer/src/x.ts', "import { readFile } from 'node:fs';\nimport { join } from 'path';\nimport { ipcRenderer } from 'electron';\n")).toHaveLength(3);
    expect(await layerErrors('renderer/src/x.tsx', "import { useState } from 'react';\nimport type { RaicApi } from '../../shared/api';\nimport { formatBytes } from '../../shared/format-bytes';\n")).toEqual([]);
  });

  it('keeps shared/ at the bottom: zod and itself only', async () => {
    expect(await layerErrors('shared/x.ts', "import { z } from 'zod';\nimport { OPERATION_NAMES } from './operations';\n")).toEqual([]);
    expect(await layerErrors('shared/x.ts', "import { createHash } from 'node:crypto';\n")).toEqual([
      'shared/ may not import the package "node:crypto": see the layer table in docs/architecture.md.',
    ]);
    expect(await layerErrors('shared/x.ts', "import { defaultRisk } from '../engine/robustness/defaults';\n")).toHaveLength(1);
  });

  it('lets only the engine-level commands of the CLI use the engine', async () => {
    const code = "import { checkFile } from '../../engine/grid';\n";
    expect(await layerErrors('cli/commands/check.ts', code)).toEqual([]);
    expect(await layerErrors('cli/commands/status.ts', code)).toEqual(['cli/ may not import engine/grid/index.ts: see the layer table in docs/architecture.md.']);
    expect(await layerErrors('cli/commands/status.ts', "import { RaicService } from '../../service/raic-service';\n")).toEqual([]);
    expect(await layerErrors('cli/x.ts', "import { App } from '../renderer/src/App';\nimport { app } from 'electron';\n")).toHaveLength(2);
  });

  it('keeps the service core below its HTTP transport, and the transport may use the core', async () => {
    expect(await layerErrors('service/jobs/x.ts', "import type { StreamingApi } from '../http/streaming-routes';\n")).toEqual([
      'service/ may not import service/http/streaming-routes.ts: see the layer table in docs/architecture.md.',
    ]);
    expect(await layerErrors('service/http/x.ts', "import { dispatch } from '../dispatch';\nimport { auth } from './auth';\n")).toEqual([]);
    expect(await layerErrors('service/x.ts', "import { main } from '../cli/main';\nimport { app } from 'electron';\n")).toHaveLength(2);
  });

  it('lets Electron main use the service, and the preload only shared/ and its channel names', async () => {
    expect(await layerErrors('electron/x.ts', "import { dispatch } from '../service/dispatch';\nimport { app } from 'electron';\n")).toEqual([]);
    expect(await layerErrors('electron/x.ts', "import { App } from '../renderer/src/App';\n")).toHaveLength(1);
    expect(await layerErrors('electron/preload.ts', "import { contextBridge } from 'electron';\nimport { OPERATION_NAMES } from '../shared/operations';\nimport { CHOOSE_SAVE_PATH_CHANNEL } from './desktop-channels';\n")).toEqual([]);
    expect(await layerErrors('electron/preload.ts', "import { dispatch } from '../service/dispatch';\nimport { isAppUrl } from './security';\nimport { readFile } from 'node:fs';\n")).toEqual([
      'electron/preload.ts may not import service/dispatch.ts: see the layer table in docs/architecture.md.',
      'electron/preload.ts may not import electron/security.ts: see the layer table in docs/architecture.md.',
      'electron/preload.ts may not import the package "node:fs": see the layer table in docs/architecture.md.',
    ]);
  });

  it('keeps a provider descriptor, which shared/ may read, to zod and shared/', async () => {
    expect(await layerErrors('engine/backends/x/provider.ts', "import { z } from 'zod';\nimport { defineProvider } from '../../../shared/provider-kit';\n")).toEqual([]);
    expect(await layerErrors('engine/backends/x/provider.ts', "import { XStore } from './x-store';\nimport { request } from 'node:https';\n")).toHaveLength(2);
  });

  it('leaves tests, test helpers, benchmarks, scripts and the reliability and e2e suites alone', async () => {
    const upward = "import { RaicService } from '../service/raic-service';\nimport { it } from 'vitest';\n";
    const files = ['engine/x.test.ts', 'engine/test-support/x.ts', 'engine/storage/conformance/x.ts', 'renderer/src/x.test.tsx', 'reliability/x.ts', 'e2e/x.ts', 'bench/x.ts', 'scripts/x.ts'];
    for (const file of files) {
      expect(await layerErrors(file, upward), file).toEqual([]);
    }
  });
});

it('finds no import against the layer table in the tree', async () => {
  const results = await eslint.lintFiles(['shared', 'engine', 'service', 'cli', 'electron', 'renderer']);
  const problems = results.flatMap((result) =>
    result.messages.map((m) => `${path.relative(ROOT, result.filePath)}:${m.line}: ${m.message}`),
  );
  expect(problems).toEqual([]);
  expect(results.length).toBeGreaterThan(300);
});

it('lists no exception that is no longer needed', async () => {
  const config = (await import(path.join(ROOT, 'eslint.config.js'))) as { LAYER_BLOCKS: Linter.Config[]; EXCEPTION_BLOCKS: Linter.Config[] };
  const tableAlone = new ESLint({
    cwd: ROOT,
    overrideConfigFile: true,
    overrideConfig: [{ files: ['**/*.ts', '**/*.tsx'], languageOptions: { parser: tseslint.parser as Linter.Parser } }, ...config.LAYER_BLOCKS],
    ruleFilter: ({ ruleId }) => ruleId === RULE,
    errorOnUnmatchedPattern: false,
  });
  expect(config.EXCEPTION_BLOCKS.length).toBeGreaterThan(0);
  for (const exception of config.EXCEPTION_BLOCKS) {
    const patterns = exception.files as string[];
    const results = await tableAlone.lintFiles(patterns);
    expect(results.length, `no file matches ${patterns.join(', ')}: delete its exception from eslint.config.js`).toBeGreaterThan(0);
    for (const result of results) {
      const file = path.relative(ROOT, result.filePath);
      expect(result.messages.length, `${file} keeps to the table now: delete its exception from eslint.config.js`).toBeGreaterThan(0);
    }
  }
});
