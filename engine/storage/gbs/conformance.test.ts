import { registerStorageServerConformance } from '../blob-server/conformance-suite';
import { makeTempRoot, serveBlobServer } from './test-fixtures';

// Every StorageServer behaviour, through a GBS client talking HTTPS to a GBS
// server that wraps a BlobStorageServer. renewLease has no GBS endpoint (only
// add-or-renew, tested in protocol.test.ts), so the lease group is off.
registerStorageServerConformance(
  'GbsStorageServer -> GBS server -> BlobStorageServer over a local folder',
  async (options = {}) => {
    const temp = await makeTempRoot('conformance');
    const served = await serveBlobServer(temp.root, { name: options.nickname ?? 'one', sizeLimitBytes: options.sizeLimitBytes, chunkSize: options.chunkSize });
    return {
      server: served.client,
      listAdvisories: () => served.backend.listCorruptionAdvisories(),
      cleanup: async () => {
        await served.stop();
        await temp.cleanup();
      },
    };
  },
  { refusesConflictingWrites: true, leases: false, mutableSlots: true },
);
