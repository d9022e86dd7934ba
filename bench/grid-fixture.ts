/** The benchmark's grid: N LocalFolderStorageServers under one folder, 3-of-10 with happy 7, 1 MiB segments. */
import { join } from 'node:path';
import type { EncodingParams } from '../engine/chk/api';
import { LocalFolderStorageServer } from '../engine/storage/local';

export const BENCH_ENCODING: EncodingParams = { needed: 3, happy: 7, total: 10, maxSegmentSize: 1 << 20 };
export const BENCH_SERVERS = 10;

export function benchServers(root: string): LocalFolderStorageServer[] {
  return Array.from(
    { length: BENCH_SERVERS },
    (_, i) => new LocalFolderStorageServer({ serverId: `bench-${i}`, nickname: `bench-${i}`, root: join(root, `server-${i}`) }),
  );
}
