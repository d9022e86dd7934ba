import { describe, expect, it } from 'vitest';
import { uploadPathsCall } from './desktop-uploads';

describe('the desktop upload call', () => {
  it('turns a drop of a folder tree and a file into exactly one uploadPaths call with the dropped paths', () => {
    const dropped = [
      { path: '/home/me/Trip', relativePath: 'Trip' },
      { path: '/home/me/notes.txt', relativePath: 'notes.txt' },
    ];
    expect(uploadPathsCall(dropped, '/Photos')).toEqual({ sources: ['/home/me/Trip', '/home/me/notes.txt'], folder: '/Photos', createEmptyFolders: true });
  });

  it('sends a picked folder once, however many files and subfolders it holds', () => {
    const picked = [
      { path: '/home/me/Trip/a.jpg', relativePath: 'Trip/a.jpg' },
      { path: '/home/me/Trip/day1/b.jpg', relativePath: 'Trip/day1/b.jpg' },
      { path: '/home/me/Trip/day1/deep/c.jpg', relativePath: 'Trip/day1/deep/c.jpg' },
    ];
    expect(uploadPathsCall(picked, '/')).toEqual({ sources: ['/home/me/Trip'], folder: '/', createEmptyFolders: true });
  });

  it('understands Windows paths, and leaves out items without a path', () => {
    const items = [
      { path: 'C:\\Users\\me\\Trip\\day1\\b.jpg', relativePath: 'Trip/day1/b.jpg' },
      { path: '', relativePath: 'made-in-page.txt' },
    ];
    expect(uploadPathsCall(items, '/')?.sources).toEqual(['C:\\Users\\me\\Trip']);
    expect(uploadPathsCall([{ path: '', relativePath: 'x' }], '/')).toBeUndefined();
  });
});
