// What `npm run dist` does with its arguments, as a pure function (unit-tested
// in electron/packaging/dist-plan.test.ts); scripts/dist.mjs carries it out.

const PLATFORM_FLAGS = new Map([
  ['--linux', 'linux'], ['-l', 'linux'],
  ['--mac', 'darwin'], ['-m', 'darwin'], ['--macos', 'darwin'],
  ['--win', 'win32'], ['-w', 'win32'], ['--windows', 'win32'],
]);

const ARCH_FLAGS = new Map([['--x64', 'x64'], ['--arm64', 'arm64'], ['--ia32', 'ia32'], ['--armv7l', 'arm'], ['--universal', 'universal']]);

/**
 * Either why no package can be built here, or electron-builder's arguments.
 * Each OS's packages are built on that OS, for its own architecture: npm
 * installs only this machine's prebuilt @napi-rs/keyring platform package
 * (SQLite's package carries every platform's add-on, the keyring's does not),
 * and the local Electron release is handed to electron-builder
 * (`electronDist`) so it does not download another one.
 */
export function distPlan(args, { platform, arch, electronDir }) {
  if (!electronDir) return { reason: "Electron's binary is not installed here (it could not be downloaded), and electron-builder packages that binary" };
  const foreign = args.map((arg) => PLATFORM_FLAGS.get(arg)).find((target) => target !== undefined && target !== platform);
  if (foreign) return { reason: `packages for ${foreign} are built on ${foreign}: npm installed only this machine's build of the keyring add-on (@napi-rs/keyring)` };
  const foreignArch = args.map((arg) => ARCH_FLAGS.get(arg)).find((target) => target !== undefined && target !== arch);
  if (foreignArch) return { reason: `packages for ${foreignArch} are built on a ${foreignArch} machine: the native add-ons installed here are ${arch} builds` };
  const hasConfig = args.some((arg) => arg === '--config' || arg === '-c' || arg.startsWith('--config='));
  return {
    builderArgs: [...(hasConfig ? [] : ['--config', 'electron-builder.yml']), `-c.electronDist=${electronDir}`, ...args],
  };
}
