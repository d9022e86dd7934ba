/** Test helpers: RAIC GBS servers over BlobStorageServers in temp folders, and clients for them. */
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { LocalBlobStore } from '../../backends/local';
import { BlobStorageServer } from '../blob-server';
import { GbsStorageServer } from './client';
import { serveStorageOverGbs, type RunningGbsServer } from './server';

export interface ServedBlobServer {
  root: string;
  backend: BlobStorageServer;
  gbs: RunningGbsServer;
  client: GbsStorageServer;
  stop(): Promise<void>;
}

export async function makeTempRoot(name: string): Promise<{ root: string; cleanup: () => Promise<void> }> {
  const root = await mkdtemp(join(tmpdir(), `raic-gbs-${name}-`));
  return { root, cleanup: () => rm(root, { recursive: true, force: true }) };
}

/** A BlobStorageServer over a local folder, served over GBS on 127.0.0.1, with a client talking to it. */
export async function serveBlobServer(
  root: string,
  options: { name?: string; sizeLimitBytes?: number; chunkSize?: number; timeoutMs?: number } = {},
): Promise<ServedBlobServer> {
  const name = options.name ?? 'one';
  const blobs = join(root, `${name}-blobs`);
  await mkdir(blobs, { recursive: true });
  const backend = new BlobStorageServer({
    serverId: `blob-${name}`,
    nickname: name,
    store: new LocalBlobStore({ root: blobs }),
    sizeLimitBytes: options.sizeLimitBytes,
    chunkSize: options.chunkSize,
  });
  const gbs = await serveStorageOverGbs({ storage: backend, stateDir: join(root, `${name}-gbs-state`) });
  const client = new GbsStorageServer({ nurl: gbs.nurl, nickname: name, timeoutMs: options.timeoutMs ?? 20_000 });
  return {
    root,
    backend,
    gbs,
    client,
    async stop() {
      client.close();
      await gbs.close();
    },
  };
}
