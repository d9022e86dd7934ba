/** The grid of the batched-commit crash test: five local-folder servers under one work folder, 3-of-5, fixed keys. */
import { join } from 'node:path';
import type { OpenGrid } from '../../engine/grid/open-grid';
import { LocalFolderStorageServer } from '../../engine/storage/local';

export function crashGrid(work: string): OpenGrid & { servers: LocalFolderStorageServer[] } {
  return {
    servers: Array.from({ length: 5 }, (_, i) => new LocalFolderStorageServer({ serverId: `folder-${i}`, nickname: `folder ${i}`, root: join(work, `folder-${i}`) })),
    encoding: { needed: 3, happy: 4, total: 5, maxSegmentSize: 128 << 10 },
    convergence: new Uint8Array(16).fill(3),
    leaseSecret: new Uint8Array(32).fill(4),
  };
}
