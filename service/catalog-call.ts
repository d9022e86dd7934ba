/** The catalog's own errors, turned into API errors with the same words. */
import path from 'node:path';
import { ApiError } from '../shared/api';
import { Catalog, CatalogError } from './catalog';
import { ensurePrivateFileSync, tightenIfPresentSync } from './data-dir-privacy';

/** Opens the catalog, private to the user (it holds every read cap). */
export function openCatalog(dataDir: string): Catalog {
  const file = path.join(dataDir, 'catalog.sqlite');
  try {
    ensurePrivateFileSync(file);
    for (const companion of ['-wal', '-shm']) tightenIfPresentSync(`${file}${companion}`);
    return Catalog.open(file);
  } catch (error) {
    if (error instanceof CatalogError) throw new ApiError('unavailable', error.message);
    throw error;
  }
}

/** Runs a catalog call; a bad path, a missing file or a taken name becomes the matching API error. */
export function catalogCall<T>(run: () => T): T {
  try {
    return run();
  } catch (error) {
    if (error instanceof CatalogError) {
      const code = error.code === 'not_found' ? 'not_found' : error.code === 'conflict' ? 'conflict' : error.code === 'damaged' ? 'unavailable' : 'invalid_input';
      throw new ApiError(code, error.message, code === 'invalid_input' ? 'path' : undefined);
    }
    throw error;
  }
}
