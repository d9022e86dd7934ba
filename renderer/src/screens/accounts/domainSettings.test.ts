import { describe, expect, it } from 'vitest';
import { nameList } from '../../../../shared/name-list';
import { newDomainWords, typedDomainSettings } from './domainSettings';
import { toCandidate } from './formValues';

const typed = (provider: 'local' | 's3' | 'webdav', values: Record<string, string>) => typedDomainSettings(provider, values, toCandidate(provider, values).candidate);

describe('what the add-account form sends to find the new account\'s disk or login', () => {
  it('sends nothing until every required setting is typed, so an empty path is not judged', () => {
    expect(typed('local', { name: 'Photos', path: '' })).toBeUndefined();
    expect(typed('local', { name: 'Photos', path: ' /media/usb/raic ' })).toEqual({ path: '/media/usb/raic' });
    expect(typed('s3', { name: 'Bucket', preset: 'other', endpoint: 'http://127.0.0.1:9000', bucket: '' })).toBeUndefined();
  });

  it('never sends a secret, nor the name', () => {
    const settings = typed('s3', { name: 'Bucket', preset: 'other', endpoint: 'http://127.0.0.1:9000', bucket: 'b', accessKeyId: 'AKIAEXAMPLE', secretAccessKey: 'hunter2' });
    expect(settings).toEqual({ preset: 'other', endpoint: 'http://127.0.0.1:9000', bucket: 'b' });
    expect(typed('webdav', { name: 'Dav', url: 'https://dav.example.org/', username: 'ann', password: 'hunter2' })).toEqual({ url: 'https://dav.example.org/', username: 'ann' });
  });

  it('says what the new account would fail together with', () => {
    const names = ['Local folder 1', 'Local folder 2', 'Local folder 3', 'Local folder 4', 'Local folder 5'];
    expect(newDomainWords({ kind: 'disk', sharedWith: names }, nameList)).toBe('It would be on the same disk as Local folders 1-5: if that disk fails, they fail together');
    expect(newDomainWords({ kind: 'file-system', sharedWith: [] }, nameList)).toBe('It would be on its own disk, independent of your other accounts');
    expect(newDomainWords({ kind: 'login', sharedWith: ['Backups'] }, nameList)).toBe('It would use the same provider and login as Backups: they can fail together');
  });
});
