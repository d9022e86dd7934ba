/** Byte counts for the UI: the one formatter every side shares. */
export { formatBytes } from '../../shared/format-bytes';
