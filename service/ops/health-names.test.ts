/** A repair result names accounts, never their bare ids. */
import { expect, it } from 'vitest';
import { withAccountNames } from './health';

it('replaces account ids in a sentence with the accounts’ names, leaving short ids and paths alone', () => {
  const named = withAccountNames([
    { id: '3f1c2a9e-5b7d-4c11-9a0e-2d4b6f8a1c3e', name: 'Home WebDAV' },
    { id: 'folder-1', name: 'Local folder 1' },
  ]);
  expect(named('repair could not place share 3 on 3f1c2a9e-5b7d-4c11-9a0e-2d4b6f8a1c3e: offline')).toBe('repair could not place share 3 on "Home WebDAV": offline');
  expect(named('/data/local-storage/folder-1 is read-only')).toBe('/data/local-storage/folder-1 is read-only');
});
