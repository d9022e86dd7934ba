import { randomBytes } from 'node:crypto';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { base32Encode } from '../../chk/base32';
import { FolderLayout, incomingFileName } from './layout';

describe('FolderLayout paths', () => {
  it('builds by concatenation the very paths path.join gives, for any root spelling', () => {
    for (const root of [join(tmpdir(), 'store'), `${join(tmpdir(), 'store')}/`, 'relative/store', './a/../store', '/']) {
      const layout = new FolderLayout(root);
      for (const shareNumber of [0, 7, 255]) {
        const storageIndex = randomBytes(16);
        const si = base32Encode(storageIndex);
        const folder = join(root, 'shares', si.slice(0, 2), si);
        expect(layout.bucketDirOf(si)).toBe(folder);
        expect(layout.bucketDir(storageIndex)).toBe(folder);
        expect(layout.sharePathOf(si, shareNumber)).toBe(join(folder, String(shareNumber)));
        expect(layout.sharePath(storageIndex, shareNumber)).toBe(join(folder, String(shareNumber)));
        expect(layout.incomingPathOf(si, shareNumber)).toBe(join(root, 'incoming', incomingFileName(si, shareNumber)));
        expect(layout.incomingPath(storageIndex, shareNumber)).toBe(layout.incomingPathOf(si, shareNumber));
        expect(dirname(layout.sharePathOf(si, shareNumber))).toBe(layout.bucketDirOf(si));
      }
    }
  });
});
