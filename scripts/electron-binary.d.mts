export function electronDistDir(root: string, env?: NodeJS.ProcessEnv): string | undefined;
export function electronBinary(root: string, env?: NodeJS.ProcessEnv): string | undefined;
export const NO_ELECTRON_BINARY: string;
export function ensureElectronDistDir(root: string, env?: NodeJS.ProcessEnv): string | undefined;
