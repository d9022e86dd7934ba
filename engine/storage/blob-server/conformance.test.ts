import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { LocalBlobStore } from '../../backends/local';
import { registerStorageServerConformance } from '../conformance/suite';
import { BlobStorageServer } from './blob-server';

// Every capability: leases, mutable slots, Tahoe-LAFS's handling of advice.
registerStorageServerConformance('BlobStorageServer over a local-folder BlobStore', async (options = {}) => {
  const root = await mkdtemp(join(tmpdir(), 'raic-blob-server-'));
  const server = new BlobStorageServer({
    serverId: 's1',
    nickname: options.nickname ?? 'one',
    store: new LocalBlobStore({ root }),
    sizeLimitBytes: options.sizeLimitBytes,
    chunkSize: options.chunkSize,
  });
  return { server, listAdvisories: () => server.listCorruptionAdvisories(), cleanup: () => rm(root, { recursive: true, force: true }) };
});
