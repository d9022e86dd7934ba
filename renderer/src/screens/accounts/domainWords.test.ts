import { describe, expect, it } from 'vitest';
import { domainWords } from './domainWords';

const domain = (kind: 'disk' | 'file-system' | 'login' | 'server', others: string[], source: 'detected' | 'user' = 'detected') => ({
  id: 'd',
  name: 'the disk "sda"',
  kind,
  source,
  sharedWith: others.map((name, i) => ({ id: String(i), name })),
});

describe('failure domains in words', () => {
  it('says what the account fails together with, by the kind of domain', () => {
    expect(domainWords(domain('disk', ['Local folder 1', 'Local folder 2', 'Local folder 3']))).toBe('On the same disk as Local folders 1-3');
    expect(domainWords(domain('file-system', []))).toBe('Its own disk');
    expect(domainWords(domain('login', ['Backups']))).toBe('Same provider and login as Backups');
    expect(domainWords(domain('login', []))).toBe('Its own login');
  });
});
