/**
 * The grid the backend fault tests break: local folders plus S3 accounts,
 * each S3 account reached through its own fault proxy. A second, clean view
 * of the same storage (S3 reached directly) lets a test look at what is
 * really stored, whatever the proxy is doing.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { S3BlobStore } from '../../engine/backends';
import { BlobStorageServer } from '../../engine/storage/blob-server';
import { LocalFolderStorageServer } from '../../engine/storage/local';
import type { StorageServer } from '../../engine/storage/types';
import { CountingStore } from './counting-store';
import { FaultProxy } from './fault-proxy';
import { addressOf, type S3Fixture } from './s3-fixture';

export interface FaultGrid {
  /** What RAIC uses: locals first, then the S3 accounts through their proxies. */
  servers: StorageServer[];
  /** The same accounts with S3 reached directly. */
  clean: StorageServer[];
  /** One per S3 account, in the order of the S3 servers. */
  proxies: FaultProxy[];
  /** Calls RAIC made to each S3 store, same order as proxies. */
  s3Calls: CountingStore[];
  close(): Promise<void>;
}

let grids = 0;

export async function makeFaultGrid(s3: S3Fixture, counts: { locals: number; s3: number }): Promise<FaultGrid> {
  const id = `g${grids++}-${process.pid}`;
  const root = await mkdtemp(path.join(tmpdir(), 'raic-faults-'));
  const locals = Array.from(
    { length: counts.locals },
    (_, i) => new LocalFolderStorageServer({ serverId: `${id}-local-${i}`, nickname: `local ${i}`, root: path.join(root, `local-${i}`) }),
  );
  const proxies: FaultProxy[] = [];
  const s3Calls: CountingStore[] = [];
  const faulty: StorageServer[] = [];
  const clean: StorageServer[] = [];
  for (let i = 0; i < counts.s3; i++) {
    const proxy = await FaultProxy.start({ target: addressOf(s3.swift.s3.endpoint), mode: 'http' });
    const prefix = `${id}/s3-${i}/`;
    const store = new CountingStore(new S3BlobStore(s3.settings(prefix, proxy.url)));
    proxies.push(proxy);
    s3Calls.push(store);
    const serverId = `${id}-s3-${i}`;
    faulty.push(new BlobStorageServer({ serverId, nickname: `s3 ${i}`, store }));
    clean.push(new BlobStorageServer({ serverId, nickname: `s3 ${i} (direct)`, store: new S3BlobStore(s3.settings(prefix)) }));
  }
  return {
    servers: [...locals, ...faulty],
    clean: [...locals, ...clean],
    proxies,
    s3Calls,
    async close() {
      await Promise.all(proxies.map((p) => p.close()));
      await Promise.all([...faulty, ...clean].map((s) => (s as BlobStorageServer).store.close()));
      await rm(root, { recursive: true, force: true });
    },
  };
}
