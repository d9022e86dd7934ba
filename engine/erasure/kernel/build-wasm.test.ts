/**
 * The committed rs-kernel-wasm.ts must be exactly what scripts/build-wasm.mjs
 * produces from the AssemblyScript source today (asc output is deterministic),
 * so an edit to the kernel source cannot ship with a stale binary.
 */
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { expect, it } from 'vitest';

const root = fileURLToPath(new URL('../../..', import.meta.url));
const generated = fileURLToPath(new URL('./rs-kernel-wasm.ts', import.meta.url));

it('committed rs-kernel-wasm.ts matches a fresh build of the AssemblyScript kernel', () => {
  const fresh = execFileSync(process.execPath, ['scripts/build-wasm.mjs', '--print'], { cwd: root, encoding: 'utf8' });
  expect(fresh.startsWith('// GENERATED FILE')).toBe(true);
  expect(fresh === readFileSync(generated, 'utf8'), 'rs-kernel-wasm.ts is stale: run `node scripts/build-wasm.mjs` and commit the result').toBe(true);
});
