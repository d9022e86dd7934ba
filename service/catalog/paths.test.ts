import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { CatalogError } from './errors';
import { catalogErrorFrom } from '../test-support/catalog';
import { ancestorsOf, compareNames, descendantRange, nameOf, normalizeCatalogPath, normalizeFilePath, parentOf } from './paths';

function rejection(input: string): CatalogError {
  return catalogErrorFrom(() => normalizeCatalogPath(input), 'invalid_path');
}

describe('normalizeCatalogPath', () => {
  it('gives an already canonical path the same answer by its quick check as by the full one', () => {
    // A leading '//' always takes the full way (an empty segment is not canonical) and normalizes to the same path.
    const outcome = (input: string) => {
      try {
        return normalizeCatalogPath(input);
      } catch {
        return 'refused';
      }
    };
    fc.assert(
      fc.property(fc.array(fc.constantFrom('/', '.', '..', 'a', 'B', ' ', '-', '\\', '\u00e9', 'e\u0301', '\u0007', '\u202e', '~', 'x'.repeat(120)), { maxLength: 12 }), (parts) => {
        const input = parts.join('');
        expect(outcome(input)).toBe(outcome(`//${input}`));
      }),
      { numRuns: 5000 },
    );
    expect(normalizeCatalogPath('/r3/in3/file-001.bin')).toBe('/r3/in3/file-001.bin');
    expect(outcome(`/${'n'.repeat(256)}`)).toBe('refused');
  });

  it('makes paths absolute, collapses repeated slashes and drops a trailing one', () => {
    expect(normalizeCatalogPath('a/b')).toBe('/a/b');
    expect(normalizeCatalogPath('/a/b')).toBe('/a/b');
    expect(normalizeCatalogPath('a//b')).toBe('/a/b');
    expect(normalizeCatalogPath('/a/b/')).toBe('/a/b');
    expect(normalizeCatalogPath('')).toBe('/');
    expect(normalizeCatalogPath('///')).toBe('/');
  });

  it('applies Unicode NFC so the same name typed two ways is one path', () => {
    const decomposed = 'Cafe\u0301/re\u0301sume\u0301.txt';
    expect(normalizeCatalogPath(decomposed)).toBe('/Caf\u00e9/r\u00e9sum\u00e9.txt');
  });

  it('keeps names in every script', () => {
    for (const name of ['照片/二〇二四年/长城.jpg', 'مستندات/تقرير.pdf', 'Фото/Москва.png', 'हिन्दी/दस्तावेज़.txt', '🎉/🐈‍⬛ cat.gif', 'עברית/קובץ', '日本語/ファイル', 'Ελληνικά/αρχείο']) {
      expect(normalizeCatalogPath(name)).toBe(`/${name}`);
    }
  });

  it('keeps names case-sensitive and spaces intact', () => {
    expect(normalizeCatalogPath('Photos/ a b ')).toBe('/Photos/ a b ');
    expect(normalizeCatalogPath('photos')).not.toBe(normalizeCatalogPath('Photos'));
  });

  it('refuses . and .. segments', () => {
    for (const input of ['../etc/passwd', '/a/../b', 'a/./b', '.', '..']) {
      expect(rejection(input).message).toContain('paths cannot contain . or .. segments');
    }
    expect(normalizeCatalogPath('/a/...')).toBe('/a/...');
    expect(normalizeCatalogPath('/a/.hidden')).toBe('/a/.hidden');
  });

  it('refuses backslashes, which Windows reads as separators', () => {
    expect(rejection('a\\..\\b').message).toContain('backslash');
  });

  it('refuses NUL and other control characters and shows them escaped', () => {
    for (const character of ['\u0000', '\u0001', '\n', '\r', '\t', '\u001b', '\u001f', '\u007f']) {
      const error = rejection(`a${character}b`);
      expect(error.message).toContain('control characters');
      expect(error.message).not.toContain(character);
    }
  });

  it('refuses C1 controls and text-direction overrides, which disguise a name', () => {
    for (const character of ['\u0085', '\u009b', '\u202e', '\u202a', '\u2066', '\u2069']) {
      const error = rejection(`/report${character}gnp.exe`);
      expect(error.message).toMatch(/control characters|text-direction controls/);
      expect(error.message).not.toContain(character);
    }
    // Right-to-left text itself is fine: only the invisible controls are refused.
    expect(normalizeCatalogPath('/עברית דוח.txt')).toBe('/עברית דוח.txt');
  });

  it('refuses text that is not valid Unicode', () => {
    expect(rejection('a\ud800b').message).toContain('not valid Unicode');
  });

  it('limits names to 255 UTF-8 bytes and paths to 4096', () => {
    expect(normalizeCatalogPath('a'.repeat(255))).toBe(`/${'a'.repeat(255)}`);
    expect(rejection('a'.repeat(256)).message).toMatch(/256 bytes long.*at most 255/);
    // 85 three-byte characters fit, 86 do not: the limit is on bytes, not characters.
    expect(normalizeCatalogPath('字'.repeat(85))).toBe(`/${'字'.repeat(85)}`);
    expect(rejection('字'.repeat(86)).message).toContain('258 bytes');
    const segment = 'b'.repeat(200);
    const deep = Array.from({ length: 21 }, () => segment).join('/');
    expect(rejection(deep).message).toContain('at most 4096');
  });

  it('requires a name for files', () => {
    expect(normalizeFilePath('x/y.txt')).toBe('/x/y.txt');
    expect(() => normalizeFilePath('/')).toThrow(/a file needs a name/);
  });
});

describe('path helpers', () => {
  it('split paths into parent, name and ancestors', () => {
    expect(parentOf('/a/b/c')).toBe('/a/b');
    expect(parentOf('/a')).toBe('/');
    expect(nameOf('/a/b/c.txt')).toBe('c.txt');
    expect(ancestorsOf('/a/b/c')).toEqual(['/a', '/a/b']);
    expect(ancestorsOf('/a')).toEqual([]);
  });

  it('bound exactly the descendants of a folder in byte order', () => {
    const { above, below } = descendantRange('/a');
    const inside = (path: string) => Buffer.compare(Buffer.from(path), Buffer.from(above)) > 0 && Buffer.compare(Buffer.from(path), Buffer.from(below)) < 0;
    expect(['/a/b', '/a/b/c', '/a/\u{1f389}', '/a/ '].every(inside)).toBe(true);
    expect(['/a', '/ab', '/a-b', '/a.txt', '/b', '/a0'].some(inside)).toBe(false);
  });

  it('sort names case-insensitively with a stable tie-break', () => {
    expect(['b', 'B', 'a', 'C', 'A'].sort(compareNames)).toEqual(['A', 'a', 'B', 'b', 'C']);
  });
});
