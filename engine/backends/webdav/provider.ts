/**
 * The WebDAV provider (Nextcloud, ownCloud, NAS) as the UI, the CLI and the
 * config see it. Pure data and zod (shared-level): no backend code here.
 */
import { z } from 'zod';
import { commonAccountFields, defineProvider, httpUrl, secret } from '../../../shared/provider-kit';

export const webdavProvider = defineProvider({
  id: 'webdav',
  label: 'WebDAV / Nextcloud',
  description: 'Nextcloud, ownCloud, a NAS or any WebDAV server.',
  storage: 'blob-store',
  schema: z.object({
    provider: z.literal('webdav'),
    ...commonAccountFields,
    /** The collection RAIC writes into, e.g. https://cloud.example/remote.php/dav/files/me/RAIC/ */
    url: httpUrl('the WebDAV folder address'),
    username: z.string().trim().min(1, 'Give the user name.').max(256),
    password: secret('password (or app password)'),
  }),
  secretFields: ['password'],
  canCreateFolder: true,
  fields: [
    { name: 'url', label: 'Folder address', kind: 'url', required: true, help: 'Nextcloud: Files, Settings, WebDAV address, plus a folder, e.g. …/remote.php/dav/files/you/RAIC/' },
    { name: 'username', label: 'User name', kind: 'text', required: true, help: 'Your login name.' },
    { name: 'password', label: 'Password', kind: 'password', required: true, help: 'Prefer an app password (Nextcloud: Settings, Security). Stored only in your keychain.' },
  ],
  pickerRank: 30,
  defaults: {
    lossProbability: 0.03,
    availability: 0.99,
    rationale: 'Estimate. Often a personal or small-business server (Nextcloud, a NAS): disk failure and administration mistakes as for a local disk.',
    price: { storagePerGBMonth: 0, currency: 'USD' },
    kindName: 'WebDAV server',
  },
  describeLocation: (s) => String(s.url),
});
