import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { LocalBlobStore } from '../../backends/local';
import { LocalFolderStorageServer } from '../local';
import { BlobStorageServer } from './blob-server';
import { registerStorageServerConformance } from './conformance-suite';

registerStorageServerConformance(
  'BlobStorageServer over a local-folder BlobStore',
  async (options = {}) => {
    const root = await mkdtemp(join(tmpdir(), 'raic-blob-server-'));
    const server = new BlobStorageServer({
      serverId: 's1',
      nickname: options.nickname ?? 'one',
      store: new LocalBlobStore({ root }),
      sizeLimitBytes: options.sizeLimitBytes,
      chunkSize: options.chunkSize,
    });
    return { server, listAdvisories: () => server.listCorruptionAdvisories(), cleanup: () => rm(root, { recursive: true, force: true }) };
  },
  { refusesConflictingWrites: true, leases: true, mutableSlots: true },
);

// The local-folder server keeps immutable shares only: no leases or mutable slots.
registerStorageServerConformance(
  'LocalFolderStorageServer',
  async (options = {}) => {
    const root = await mkdtemp(join(tmpdir(), 'raic-folder-server-'));
    const server = new LocalFolderStorageServer({ serverId: 's1', nickname: options.nickname ?? 'one', root, sizeLimitBytes: options.sizeLimitBytes });
    return { server, listAdvisories: () => server.listCorruptionAdvisories(), cleanup: () => rm(root, { recursive: true, force: true }) };
  },
  { refusesConflictingWrites: true, leases: false, mutableSlots: false },
);
