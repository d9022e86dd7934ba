import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { registerStorageServerConformance } from '../conformance/suite';
import { LocalFolderStorageServer } from './local-folder-server';

// The folder server the default grid uses: every capability, nothing skipped.
registerStorageServerConformance(
  'LocalFolderStorageServer',
  async (options = {}) => {
    const root = await mkdtemp(join(tmpdir(), 'raic-folder-server-'));
    const server = new LocalFolderStorageServer({ serverId: 's1', nickname: options.nickname ?? 'one', root, sizeLimitBytes: options.sizeLimitBytes });
    return { server, listAdvisories: () => server.listCorruptionAdvisories(), cleanup: () => rm(root, { recursive: true, force: true }) };
  }
);
