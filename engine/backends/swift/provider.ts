/**
 * The OpenStack Swift provider as the UI, the CLI and the config see it. Pure
 * data and zod (shared-level): no backend code here.
 */
import { z } from 'zod';
import { commonAccountFields, defineProvider, httpUrl, objectPrefix, secret } from '../../../shared/provider-kit';

export const swiftProvider = defineProvider({
  id: 'swift',
  label: 'OpenStack Swift',
  description: 'OpenStack object storage (OVHcloud, Infomaniak, Rackspace, your own Swift).',
  storage: 'blob-store',
  schema: z.object({
    provider: z.literal('swift'),
    ...commonAccountFields,
    auth: z.enum(['tempauth', 'keystone-password', 'keystone-application-credential'], {
      message: 'Choose how to sign in: tempauth, keystone-password or keystone-application-credential.',
    }),
    authUrl: httpUrl('the authentication address'),
    /** tempauth user ("account:user") or Keystone user name, or the application credential ID. */
    user: z.string().trim().min(1, 'Give the user name (or the application credential ID).').max(256),
    /** tempauth key, Keystone password or application credential secret. */
    password: secret('password or key'),
    projectName: z.string().trim().max(256).optional(),
    userDomainName: z.string().trim().max(256).optional(),
    projectDomainName: z.string().trim().max(256).optional(),
    region: z.string().trim().max(64).optional(),
    container: z
      .string()
      .trim()
      .min(1, 'Give the container name.')
      .max(256, 'Container names are at most 256 characters.')
      .refine((c) => !c.includes('/'), 'Container names cannot contain a slash.'),
    prefix: objectPrefix,
  }),
  secretFields: ['password'],
  fields: [
    { name: 'auth', label: 'Sign-in method', kind: 'select', required: true, help: 'Keystone for public clouds; tempauth for Swift\'s built-in auth.', options: [
      { value: 'keystone-password', label: 'Keystone user and password' },
      { value: 'keystone-application-credential', label: 'Keystone application credential' },
      { value: 'tempauth', label: 'Swift tempauth' },
    ] },
    { name: 'authUrl', label: 'Authentication address', kind: 'url', required: true, help: 'Keystone: e.g. https://auth.cloud.example/v3; tempauth: http://host:8080/auth/v1.0' },
    { name: 'user', label: 'User', kind: 'text', required: true, help: 'Keystone user name, tempauth "account:user", or the application credential ID.' },
    { name: 'password', label: 'Password or key', kind: 'password', required: true, help: 'Stored only in your keychain.' },
    { name: 'projectName', label: 'Project', kind: 'text', required: true, help: 'The project (tenant) name from your provider\'s openrc file.', when: { field: 'auth', values: ['keystone-password'] } },
    { name: 'userDomainName', label: 'User domain', kind: 'text', required: false, help: 'Usually "Default".', when: { field: 'auth', values: ['keystone-password'] } },
    { name: 'region', label: 'Region', kind: 'text', required: false, help: 'The region from your openrc file, when the cloud has several.' },
    { name: 'container', label: 'Container', kind: 'text', required: true, help: 'An existing container.' },
    { name: 'prefix', label: 'Folder in the container', kind: 'text', required: false, help: 'Optional, e.g. raic/' },
  ],
  refine(input, issue) {
    if (input.auth === 'keystone-password' && !input.projectName) issue('projectName', 'Give the project (tenant) name to sign in to.');
  },
  pickerRank: 20,
  defaults: {
    lossProbability: 0.01,
    availability: 0.995,
    rationale: 'Estimate. OpenStack Swift at a hosting company: provider-side replication, account-closure risk as for a mid-size provider.',
    price: { storagePerGBMonth: 0.01, currency: 'USD' },
    kindName: 'OpenStack Swift',
  },
  describeLocation: (s) => `container ${String(s.container)} at ${String(s.authUrl)}`,
});
