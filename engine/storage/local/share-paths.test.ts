import { randomBytes } from 'node:crypto';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { base32Encode } from '../../chk/base32';
import { FolderLayout } from './layout';
import { bucketFolder, sharePaths } from './share-paths';

describe('sharePaths', () => {
  it('gives the very paths FolderLayout joins, for any root spelling', () => {
    for (const root of [join(tmpdir(), 'store'), `${join(tmpdir(), 'store')}/`, 'relative/store', './a/../store', '/']) {
      const layout = new FolderLayout(root);
      for (const shareNumber of [0, 7, 255]) {
        const storageIndex = randomBytes(16);
        const paths = sharePaths(layout, base32Encode(storageIndex), shareNumber);
        expect(paths.incoming).toBe(layout.incomingPath(storageIndex, shareNumber));
        expect(paths.final).toBe(layout.sharePath(storageIndex, shareNumber));
        expect(paths.folder).toBe(layout.bucketDir(storageIndex));
        expect(bucketFolder(layout, base32Encode(storageIndex))).toBe(layout.bucketDir(storageIndex));
        expect(dirname(paths.final)).toBe(paths.folder);
      }
    }
  });
});
