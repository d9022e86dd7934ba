/** Test helper: a grid of LocalFolderStorageServers in a temporary folder. */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { LocalFolderStorageServer } from '../storage/local';

export interface TestGrid {
  root: string;
  servers: LocalFolderStorageServer[];
  cleanup(): Promise<void>;
}

export async function makeTestGrid(count: number, options: { sizeLimitBytes?: (index: number) => number | undefined } = {}): Promise<TestGrid> {
  const root = await mkdtemp(join(tmpdir(), 'raic-grid-'));
  const servers = Array.from(
    { length: count },
    (_, i) =>
      new LocalFolderStorageServer({
        serverId: `server-${i}`,
        nickname: `account-${i}`,
        root: join(root, `server-${i}`),
        sizeLimitBytes: options.sizeLimitBytes?.(i),
      }),
  );
  return { root, servers, cleanup: () => rm(root, { recursive: true, force: true }) };
}

export { filesUnder } from './files';
