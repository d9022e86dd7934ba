import { registerStorageServerConformance } from '../conformance/suite';
import { makeTempRoot, serveBlobServer } from './test-fixtures';

// Every StorageServer behaviour, through a GBS client talking HTTPS to a GBS
// server that wraps a BlobStorageServer.
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
  // renewLease has no GBS endpoint; add-or-renew runs as the addLease group here and in protocol.test.ts.
  {
    renewLease: 'GBS has only add-or-renew (PUT lease), which is addLease',
    openShare: 'a remote protocol, where one lookup costs a request as a listing does (StorageServer.openShare)',
  },
);
