/**
 * The SIMD kernel against the plain TypeScript one on random matrices and
 * blocks of many shapes, including the column-chunking path and both builds
 * (plain SIMD here; relaxed SIMD in a child Node that enables it if needed).
 */
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { firstDifference, randomBlocks, seededRandom } from '../../test-support/erasure';
import { crossCheck, randomMatrix } from '../../test-support/erasure-cross-check';
import { kernelModule, WasmKernel } from './wasm-kernel';

describe('WebAssembly SIMD kernel', () => {
  it('is available in this Node (SIMD is required here, the reference kernel is only a fallback)', () => {
    expect(kernelModule('simd')).not.toBeNull();
  });

  it('exports its memory, heapBase and multiplyRows in both builds', () => {
    for (const variant of ['simd', 'relaxed-simd'] as const) {
      const module = kernelModule(variant);
      if (!module) continue; // relaxed SIMD is checked below in a child that has it
      const exports = WebAssembly.Module.exports(module).map((entry) => `${entry.kind}:${entry.name}`).sort();
      expect(exports).toEqual(['function:heapBase', 'function:multiplyRows', 'memory:memory']);
      expect(WebAssembly.Module.imports(module)).toEqual([]);
    }
  });

  it('plain SIMD build matches the reference kernel on random matrices of many shapes', () => {
    expect(crossCheck('simd', 1)).toBeNull();
    expect(crossCheck('simd', 2)).toBeNull();
  });

  it('relaxed SIMD build matches the reference kernel (in a Node with relaxed SIMD enabled)', () => {
    if (kernelModule('relaxed-simd')) {
      expect(crossCheck('relaxed-simd', 3)).toBeNull();
      return;
    }
    // Node 20 has relaxed SIMD behind a flag; Electron and newer Node ship it.
    const helper = fileURLToPath(new URL('../../test-support/erasure-cross-check.ts', import.meta.url));
    const script = `const { crossCheck } = await import(${JSON.stringify(helper)}); console.log(JSON.stringify(crossCheck('relaxed-simd', 3)));`;
    const child = spawnSync(
      process.execPath,
      ['--experimental-wasm-relaxed-simd', '--import', 'tsx', '--input-type=module', '-e', script],
      { encoding: 'utf8', env: { ...process.env, VITEST: undefined } },
    );
    expect(child.stderr.split('\n').filter((line) => /Error/.test(line)), child.stderr).toEqual([]);
    expect(child.status).toBe(0);
    expect(JSON.parse(child.stdout.trim().split('\n').pop() ?? '"no output"')).toBeNull();
  });

  it('does not disturb the inputs', () => {
    const module = kernelModule('simd')!;
    const random = seededRandom(9);
    const inputs = randomBlocks(4, 1000, random);
    const copies = inputs.map((block) => block.slice());
    new WasmKernel(module, 'simd').multiplyRows(randomMatrix(3, 4, random), [0, 1, 2], inputs, 1000);
    inputs.forEach((block, i) => expect(firstDifference(block, copies[i])).toBe(-1));
  });
});
