#!/usr/bin/env node
// Compiles the AssemblyScript Reed-Solomon kernel and writes it, base64-encoded,
// into a TypeScript module, so tests and the app run without a build step.
//
//   node scripts/build-wasm.mjs           rewrite engine/erasure/kernel/rs-kernel-wasm.ts
//   node scripts/build-wasm.mjs --print   print the module it would write (used by the
//                                         staleness test) and change nothing
import asc from 'assemblyscript/asc';
import { writeFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import path from 'node:path';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const sourceFile = 'engine/erasure/kernel/assembly/rs-kernel.ts';
const generatedFile = 'engine/erasure/kernel/rs-kernel-wasm.ts';

// --runtime stub and no abort import: the kernel never allocates or throws, so
// the module needs no imports and instantiates with an empty import object.
// The relaxed build differs only in using i8x16.relaxed_swizzle (see the source).
function compilerArguments(relaxed) {
  return [
    sourceFile,
    '--outFile', 'rs-kernel.wasm',
    '--enable', relaxed ? 'simd,relaxed-simd' : 'simd',
    '-O3',
    '--noAssert',
    '--runtime', 'stub',
    '--use', 'abort=',
    '--baseDir', root,
  ];
}

async function compileKernel(relaxed) {
  let wasm;
  const messages = [];
  const { error } = await asc.main(compilerArguments(relaxed), {
    writeFile(name, contents) {
      if (name.endsWith('.wasm')) wasm = contents;
    },
    stdout: { write: (text) => messages.push(String(text)) },
    stderr: { write: (text) => messages.push(String(text)) },
  });
  if (error) throw new Error(`asc failed: ${error.message}\n${messages.join('')}`);
  if (!(wasm instanceof Uint8Array)) throw new Error(`asc produced no .wasm output\n${messages.join('')}`);
  return wasm;
}

function renderConstant(name, description, wasm) {
  const lines = Buffer.from(wasm).toString('base64').match(/.{1,100}/g) ?? [];
  return [
    `/** ${description} */`,
    `export const ${name} =`,
    ...lines.map((line, i) => `  '${line}'${i === lines.length - 1 ? ';' : ' +'}`),
  ];
}

function renderModule(plain, relaxed) {
  return [
    '// GENERATED FILE, do not edit: written by scripts/build-wasm.mjs from',
    `// ${sourceFile}. Run \`node scripts/build-wasm.mjs\` after changing the kernel.`,
    '',
    ...renderConstant('RS_KERNEL_WASM_BASE64', 'The Reed-Solomon kernel for WebAssembly SIMD (.wasm bytes, base64).', plain),
    '',
    ...renderConstant(
      'RS_KERNEL_RELAXED_WASM_BASE64',
      'The same kernel built for relaxed SIMD, faster where the engine supports it (.wasm bytes, base64).',
      relaxed,
    ),
    '',
  ].join('\n');
}

const plain = await compileKernel(false);
const relaxed = await compileKernel(true);
const moduleText = renderModule(plain, relaxed);
if (process.argv.includes('--print')) {
  process.stdout.write(moduleText);
} else {
  await writeFile(path.join(root, generatedFile), moduleText);
  console.log(`wrote ${generatedFile} (${plain.length} + ${relaxed.length} bytes of wasm)`);
}
