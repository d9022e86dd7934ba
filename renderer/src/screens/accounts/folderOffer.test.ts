import { describe, expect, it } from 'vitest';
import { plainMessage, splitDetails } from '../../../../shared/plain-errors';
import { offersFolderCreation } from './folderOffer';

// The WebDAV backend's own words for a missing folder, as the service words its refusal.
const MISSING = 'the folder http://127.0.0.1:8080/home/raic/ does not exist';
// As accounts-service words a refused save: the plain part, "Nothing was saved", then the details.
const REFUSAL = `connection: the connection test failed (folder): ${splitDetails(plainMessage(MISSING)).text.replace(/\.+$/, '')}. Nothing was saved; fix the settings and try again. Details: ${MISSING}`;

describe('the "Create the folder" offer', () => {
  it('appears for a WebDAV account refused because its folder is missing, or whose test found it missing', () => {
    expect(offersFolderCreation('webdav', REFUSAL, undefined)).toBe(true);
    expect(offersFolderCreation('webdav', undefined, { ok: false, checks: [{ name: 'credentials', ok: false, detail: MISSING }] })).toBe(true);
  });

  it('stays away for other failures, passed tests and providers that cannot create a folder', () => {
    expect(offersFolderCreation('webdav', 'connection: the server refused user "ann" with this password (HTTP 401)', undefined)).toBe(false);
    expect(offersFolderCreation('webdav', undefined, { ok: true, checks: [{ name: 'credentials', ok: true, detail: 'signed in; the folder exists' }] })).toBe(false);
    expect(offersFolderCreation('webdav', undefined, undefined)).toBe(false);
    expect(offersFolderCreation('sftp', REFUSAL, undefined)).toBe(false);
  });
});
