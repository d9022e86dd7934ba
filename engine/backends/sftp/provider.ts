/**
 * The SFTP provider as the UI, the CLI and the config see it. Pure data and
 * zod (shared-level): no backend code (ssh2) here.
 */
import { z } from 'zod';
import { commonAccountFields, defineProvider, secret } from '../../../shared/provider-kit';

export const sftpProvider = defineProvider({
  id: 'sftp',
  label: 'SFTP server',
  description: 'Any computer you can reach with SSH.',
  storage: 'blob-store',
  schema: z.object({
    provider: z.literal('sftp'),
    ...commonAccountFields,
    host: z
      .string()
      .trim()
      .min(1, 'Give the server name or address.')
      .max(253)
      .regex(/^[A-Za-z0-9.:[\]-]+$/, 'Give a host name or IP address, without user name or port.'),
    port: z.number().int().min(1, 'Ports are 1 to 65535.').max(65535, 'Ports are 1 to 65535.').optional(),
    username: z.string().trim().min(1, 'Give the user name.').max(256),
    password: secret('password').optional(),
    privateKey: secret('private key').optional(),
    passphrase: secret('key passphrase').optional(),
    root: z.string().trim().min(1, 'Give the folder on the server (it must exist).').max(1024),
    /** "SHA256:..." as ssh-keygen -l prints it; when set, any other host key is refused. */
    hostKeySha256: z
      .string()
      .trim()
      .regex(/^SHA256:[A-Za-z0-9+/]{43}=?$/, 'Write the host key fingerprint as ssh-keygen -l prints it: SHA256: followed by 43 characters.')
      .optional(),
  }),
  secretFields: ['password', 'privateKey', 'passphrase'],
  fields: [
    { name: 'host', label: 'Server', kind: 'text', required: true, help: 'Host name or IP address.' },
    { name: 'port', label: 'Port', kind: 'number', required: false, help: '22 unless your server says otherwise.' },
    { name: 'username', label: 'User name', kind: 'text', required: true, help: 'Your SSH login.' },
    { name: 'password', label: 'Password', kind: 'password', required: false, help: 'A password or a private key; stored only in your keychain.' },
    { name: 'privateKey', label: 'Private key', kind: 'textarea', required: false, help: 'The text of an OpenSSH private key (id_ed25519).' },
    { name: 'passphrase', label: 'Key passphrase', kind: 'password', required: false, help: 'Only if the private key has one.' },
    { name: 'root', label: 'Folder on the server', kind: 'text', required: true, help: 'An existing folder RAIC may write into.' },
    { name: 'hostKeySha256', label: 'Host key fingerprint', kind: 'text', required: false, help: 'SHA256:… from ssh-keygen -l; the connection test shows the one it saw.' },
  ],
  refine(input, issue) {
    if (!input.password && !input.privateKey) issue('password', 'Give a password or a private key.');
  },
  pickerRank: 40,
  defaults: {
    lossProbability: 0.03,
    availability: 0.99,
    rationale: 'Estimate. Usually one server the user runs or rents: as for a local disk, with network outages lowering availability.',
    price: { storagePerGBMonth: 0, currency: 'USD' },
    kindName: 'SFTP server',
  },
  describeLocation: (s) => `${String(s.username)}@${String(s.host)}${s.port ? `:${String(s.port)}` : ''}:${String(s.root)}`,
});
