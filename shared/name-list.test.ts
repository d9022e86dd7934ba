import { describe, expect, it } from 'vitest';
import { nameList } from './name-list';

describe('names in a sentence', () => {
  it('shortens a run of three or more numbered names of one stem', () => {
    expect(nameList(['Local folder 1', 'Local folder 2', 'Local folder 3', 'Local folder 4', 'Local folder 5'])).toBe('Local folders 1-5');
    expect(nameList(['Local folder 1', 'Local folder 2', 'Local folder 3', 'S3 backup'])).toBe('Local folders 1-3 and S3 backup');
  });

  it('keeps short runs, gaps and other names as they are', () => {
    expect(nameList(['Local folder 1', 'Local folder 2'])).toBe('Local folder 1 and Local folder 2');
    expect(nameList(['Disk 1', 'Disk 3', 'Disk 4'])).toBe('Disk 1, Disk 3 and Disk 4');
    expect(nameList(['Dropbox'])).toBe('Dropbox');
    expect(nameList([])).toBe('');
  });
});
