import type { z } from 'zod';
import type { BlobBackend } from '../../backend';
import { LocalBlobStore } from '../../local/local-store';
import type { sampleProvider } from './provider';

/** The fixture's backend: a local folder (the token is only checked for presence by the schema). */
export const sampleBackend: BlobBackend<z.output<typeof sampleProvider.schema>> = {
  open: (input) => new LocalBlobStore({ root: input.vaultFolder }),
  retries: 'none',
};
