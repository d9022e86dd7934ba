/**
 * IPC channels of the desktop-only helpers (not API operations, so not in
 * shared/operations). Kept import-free: the sandboxed preload bundles it.
 */
export const CHOOSE_SAVE_PATH_CHANNEL = 'raic-desktop:chooseSavePath';
export const CHOOSE_FOLDER_CHANNEL = 'raic-desktop:chooseFolder';
