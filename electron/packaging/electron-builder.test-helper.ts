/**
 * electron-builder's own code for the steps of `npm run dist` that need no
 * Electron binary: loading and validating the configuration (with
 * package.json's metadata), the deb target's metadata check, and the filters
 * that decide which files go into the app and which stay outside the asar
 * archive. Restating the configuration in a test can only detect a change;
 * running the packager's code on it detects a package that would not build or
 * would miss a file.
 *
 * These are app-builder-lib modules reached through electron-builder's own
 * dependency (so they are the code electron-builder runs). Some are internal:
 * electron-builder is pinned to an exact version, so an upgrade that moves
 * them fails here rather than going unnoticed.
 */
import { createRequire } from 'node:module';
import path from 'node:path';
import type { Configuration, LinuxPackager as LinuxPackagerType, Packager as PackagerType } from 'app-builder-lib';
import type { AppInfo as AppInfoType } from 'app-builder-lib/out/appInfo';
import type * as FileMatcherModule from 'app-builder-lib/out/fileMatcher';
import type FpmTargetType from 'app-builder-lib/out/targets/FpmTarget';

const builderRequire = createRequire(createRequire(import.meta.url).resolve('electron-builder'));
const { Packager, LinuxPackager } = builderRequire('app-builder-lib') as { Packager: typeof PackagerType; LinuxPackager: typeof LinuxPackagerType };
const { AppInfo } = builderRequire('app-builder-lib/out/appInfo') as { AppInfo: typeof AppInfoType };
const { getMainFileMatchers, getNodeModuleFileMatcher, getFileMatchers } = builderRequire('app-builder-lib/out/fileMatcher') as typeof FileMatcherModule & {
  /** @internal in app-builder-lib (no type declaration): the `files` matchers with electron-builder's default exclusions added. */
  getMainFileMatchers: (
    appDir: string, destination: string, macroExpander: (pattern: string) => string, platformSpecificBuildOptions: unknown,
    platformPackager: unknown, outDir: string, isElectronCompile: boolean,
  ) => FileMatcherModule.FileMatcher[];
  /** @internal in app-builder-lib: the `files` exclusions, applied to the production dependencies' files. */
  getNodeModuleFileMatcher: (
    appDir: string, destination: string, macroExpander: (pattern: string) => string, platformSpecificBuildOptions: unknown, packager: unknown,
  ) => FileMatcherModule.FileMatcher;
};
const FpmTarget = (builderRequire('app-builder-lib/out/targets/FpmTarget') as { default: typeof FpmTargetType }).default;

/** Decides, for a path relative to the project, whether electron-builder takes it. */
export type PathFilter = (relativePath: string) => boolean;

export interface LoadedBuild {
  /** The merged configuration (an `extends` resolved), after electron-builder validated it. */
  config: Configuration;
  /** Files of the project that go into the app (`files`, plus electron-builder's own exclusions). */
  shipsAppFile: PathFilter;
  /** Files of the production dependencies that `files`' exclusions leave in (`node_modules/<name>/<file>`). */
  shipsDependencyFile: PathFilter;
  /**
   * Files stored outside the asar archive by `asarUnpack`. Paths of
   * dependencies are given as electron-builder sees them: `node_modules/<name>/<file>`.
   */
  unpacks: PathFilter;
  /** The deb target's own metadata check: throws what fpm would miss (project URL, maintainer). */
  checkDebMetadata: () => Promise<{ url: string; maintainer: string }>;
}

/**
 * Loads `configFile` the way `electron-builder --config <configFile>` does and
 * validates it (throws electron-builder's InvalidConfigurationError). The
 * filters are those of a Linux x64 build: RAIC's configuration has no
 * per-platform `files` or `asarUnpack`, so the other platforms select the same.
 */
export async function loadBuild(projectDir: string, configFile: string): Promise<LoadedBuild> {
  const packager = new Packager({ projectDir, config: configFile });
  await packager.validateConfig();
  // Set by Packager.build() right after validateConfig(); the platform packager reads it.
  (packager as unknown as { _appInfo: AppInfoType })._appInfo = new AppInfo(packager, null);
  const linux = new LinuxPackager(packager);
  const config = packager.config;
  const outDir = path.resolve(projectDir, config.directories!.output!);
  const macroExpander = (pattern: string) => linux.expandMacro(pattern, 'x64');
  const destination = path.join(outDir, 'linux-unpacked', 'resources', 'app');

  const [main] = getMainFileMatchers(packager.appDir, destination, macroExpander, linux.platformSpecificBuildOptions, linux, outDir, false);
  const unpack = getFileMatchers(config, 'asarUnpack', destination, {
    macroExpander,
    customBuildOptions: linux.platformSpecificBuildOptions,
    globalOutDir: outDir,
    defaultSrc: packager.appDir,
  })?.[0];

  const dependencies = getNodeModuleFileMatcher(packager.appDir, destination, macroExpander, linux.platformSpecificBuildOptions, packager);

  const mainFilter = main!.createFilter();
  // An empty matcher means "no exclusions": NodeModuleCopyHelper then uses no filter at all.
  const dependencyFilter = dependencies.isEmpty() ? () => true : dependencies.createFilter();
  const unpackFilter = unpack?.createFilter();
  return {
    config,
    // electron-builder walks the tree and skips a folder its filter refuses, so every parent folder must pass too.
    shipsAppFile: (relativePath) => {
      const parts = relativePath.split('/');
      const folders = parts.slice(0, -1).map((_, i) => parts.slice(0, i + 1).join('/'));
      return folders.every((folder) => mainFilter(path.join(packager.appDir, folder), folderStat)) && mainFilter(path.join(packager.appDir, relativePath), fileStat());
    },
    shipsDependencyFile: (relativePath) => dependencyFilter(path.join(packager.appDir, relativePath), fileStat(relativePath)),
    // Dependencies' files reach the filters named by their place in the app (moduleFullFilePath), as NodeModuleCopyHelper sets it.
    unpacks: (relativePath) => unpackFilter !== undefined && unpackFilter(path.join(packager.appDir, relativePath), fileStat(relativePath)),
    checkDebMetadata: async () => {
      const target = new FpmTarget('deb', linux, null as never, outDir);
      const { url, maintainer } = (await target.checkOptions()) as { url: string; maintainer: string };
      return { url, maintainer };
    },
  };
}

type FilterStat = Parameters<ReturnType<FileMatcherModule.FileMatcher['createFilter']>>[1];
const folderStat = { isDirectory: () => true } as unknown as FilterStat;
function fileStat(moduleFullFilePath?: string): FilterStat {
  return { isDirectory: () => false, ...(moduleFullFilePath?.startsWith('node_modules/') ? { moduleFullFilePath } : {}) } as unknown as FilterStat;
}
