/**
 * A Tahoe-LAFS storage server (or another RAIC sharing an account), reached by
 * its NURL over the HTTP storage protocol. Pure data and zod (shared-level).
 * It has no BlobStore: the service opens engine/storage/gbs's client for it.
 */
import { z } from 'zod';
import { commonAccountFields, defineProvider } from '../../../shared/provider-kit';

export const tahoeProvider = defineProvider({
  id: 'tahoe',
  label: 'Tahoe-LAFS storage server',
  description: 'A Tahoe-LAFS storage node, or another RAIC sharing one of its accounts, over the HTTP storage protocol.',
  storage: 'tahoe-gbs',
  schema: z.object({
    provider: z.literal('tahoe'),
    ...commonAccountFields,
    /** pb://<SPKI hash>@<host>:<port>/<swissnum>#v=1 — the swissnum in it is a credential, so the NURL is kept as a secret. */
    nurl: z
      .string()
      .trim()
      .regex(
        /^pb:\/\/[A-Za-z0-9_-]{43}@[^/@\s]+:\d{1,5}\/[A-Za-z0-9_-]+#v=1$/,
        'Paste the NURL exactly as the server printed it: pb://<43 characters>@<host>:<port>/<swissnum>#v=1',
      ),
    /** host:port, taken from the NURL when the account is saved (the NURL itself is secret). */
    server: z.string().trim().max(300).optional(),
  }),
  secretFields: ['nurl'],
  fields: [
    { name: 'nurl', label: 'NURL', kind: 'password', required: true, help: 'pb://…#v=1, as `raic gbs serve` or the server\'s node prints it; it contains an access code, so RAIC keeps it in your keychain.' },
  ],
  pickerRank: 50,
  // No defaults of its own: the figures for an unknown kind apply (a stranger's node is not a known quantity).
  describeLocation: (s) => `Tahoe-LAFS storage server ${String(s.server ?? '')}`.trim(),
});
