/** For tests that each want an empty catalog in a folder of their own, removed afterwards. */
import { join } from 'node:path';
import { afterEach, beforeEach } from 'vitest';
import { Catalog } from '../catalog/catalog';
import { temporaryFolder } from './catalog';

/** Registers the hooks in the calling suite; `catalog` and `folder` are valid inside each test. */
export function useFreshCatalog(): { readonly catalog: Catalog; readonly folder: string } {
  let folder: ReturnType<typeof temporaryFolder> | undefined;
  let catalog: Catalog | undefined;
  beforeEach(() => {
    folder = temporaryFolder();
    catalog = Catalog.open(join(folder.path, 'catalog.sqlite'));
  });
  afterEach(() => {
    catalog?.close();
    folder?.remove();
    catalog = undefined;
    folder = undefined;
  });
  return {
    get catalog() {
      if (!catalog) throw new Error('useFreshCatalog: the catalog exists only inside a test');
      return catalog;
    },
    get folder() {
      if (!folder) throw new Error('useFreshCatalog: the folder exists only inside a test');
      return folder.path;
    },
  };
}
