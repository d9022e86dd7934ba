import { describe, expect, it } from 'vitest';
import { domainWords, listNames } from './domainWords';

const domain = (kind: 'disk' | 'file-system' | 'login' | 'server', others: string[], source: 'detected' | 'user' = 'detected') => ({
  id: 'd',
  name: 'the disk "sda"',
  kind,
  source,
  sharedWith: others.map((name, i) => ({ id: String(i), name })),
});

describe('failure domains in words', () => {
  it('names a run of numbered folders as a range, other names as a list', () => {
    expect(listNames(['Local folder 2', 'Local folder 1', 'Local folder 4', 'Local folder 3'])).toBe('Local folder 1–4');
    expect(listNames(['Local folder 1', 'Local folder 3', 'Local folder 4', 'Local folder 5'])).toBe('Local folder 1 and 3–5');
    expect(listNames(['Local folder 1', 'Local folder 2', 'Local folder 4', 'Local folder 5'])).toBe('Local folder 1, 2, 4 and 5');
    expect(listNames(['Local folder 1', 'Local folder 2'])).toBe('Local folder 1 and 2');
    expect(listNames(['Photos', 'Backups'])).toBe('Photos and Backups');
    expect(listNames(['Photos'])).toBe('Photos');
  });

  it('says what the account fails together with, by the kind of domain', () => {
    expect(domainWords(domain('disk', ['Local folder 1', 'Local folder 2', 'Local folder 3']))).toBe('On the same disk as Local folder 1–3');
    expect(domainWords(domain('file-system', []))).toBe('Its own disk');
    expect(domainWords(domain('login', ['Backups']))).toBe('Same provider and login as Backups');
    expect(domainWords(domain('login', []))).toBe('Its own login');
  });
});
