import { describe, expect, it } from 'vitest';
import { nameList } from './name-list';

describe('names in a sentence', () => {
  it('shortens a run of three or more numbered names of one stem', () => {
    expect(nameList(['Local folder 1', 'Local folder 2', 'Local folder 3', 'Local folder 4', 'Local folder 5'])).toBe('Local folders 1-5');
    expect(nameList(['Local folder 1', 'Local folder 2', 'Local folder 3', 'S3 backup'])).toBe('Local folders 1-3 and S3 backup');
  });

  it('lets numbered names of one stem share it, in number order, with runs as ranges', () => {
    expect(nameList(['Local folder 2', 'Local folder 1', 'Local folder 4', 'Local folder 3'])).toBe('Local folders 1-4');
    expect(nameList(['Local folder 1', 'Local folder 3', 'Local folder 4', 'Local folder 5'])).toBe('Local folders 1 and 3-5');
    expect(nameList(['Local folder 1', 'Local folder 2', 'Local folder 4', 'Local folder 5'])).toBe('Local folders 1, 2, 4 and 5');
    expect(nameList(['Local folder 1', 'Local folder 2'])).toBe('Local folders 1 and 2');
    expect(nameList(['Disk 1', 'Disk 3', 'Disk 4'])).toBe('Disks 1, 3 and 4');
  });

  it('keeps other names as they are', () => {
    expect(nameList(['Photos', 'Backups'])).toBe('Photos and Backups');
    expect(nameList(['Disk 1', 'Dropbox', 'Disk 2'])).toBe('Disk 1, Dropbox and Disk 2');
    expect(nameList(['Dropbox'])).toBe('Dropbox');
    expect(nameList([])).toBe('');
  });
});
