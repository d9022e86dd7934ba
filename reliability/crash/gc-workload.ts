/**
 * A grid's life while it gives space back, for the convergence tests: a few
 * workers at once upload one of a handful of contents (so the same storage
 * index is uploaded again and again under different paths), delete paths
 * (catalog first, then releaseFiles, as the service does) and run the
 * collector. The catalog is a JSON file rewritten atomically after every
 * change, so a process killed at any moment leaves a catalog that says
 * exactly which files must still be readable.
 */
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { bytesByteSource, downloadToBytes, uploadFile } from '../../engine/grid';
import { LocalFolderStorageServer } from '../../engine/storage/local';
import { randomBytes, seededRandom } from '../../engine/test-support/erasure';
import { StorageIndexHolds } from '../../service/gc/holds';
import { ReferenceIndex, type ReferenceSource } from '../../service/gc/references';
import { createReleaseFiles } from '../../service/gc/release';

export const LEASE_SECRET = new Uint8Array(32).fill(7);
const CONVERGENCE = new Uint8Array(16).fill(3);
const ENCODING = { needed: 2, happy: 3, total: 4, maxSegmentSize: 128 * 1024 };

export interface CatalogEntry {
  cap: string;
  storageIndex: string;
  content: number;
}

export function openServers(root: string): LocalFolderStorageServer[] {
  return [1, 2, 3, 4].map((n) => new LocalFolderStorageServer({ serverId: `folder-${n}`, nickname: `Folder ${n}`, root: path.join(root, `folder-${n}`) }));
}

/** The few contents the workload stores, from the seed (the parent rebuilds them to compare). */
export function contentsOf(seed: number): Uint8Array[] {
  const random = seededRandom(seed);
  return [0, 1].map(() => randomBytes(40_000 + Math.floor(random() * 120_000), random));
}

export async function readCatalog(file: string): Promise<Record<string, CatalogEntry>> {
  try {
    return JSON.parse(await fs.readFile(file, 'utf8')) as Record<string, CatalogEntry>;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return {};
    throw error;
  }
}

/** Files the catalog lists whose bytes cannot be read back exactly. */
export async function unreadableEntries(root: string, seed: number, catalogFile: string): Promise<string[]> {
  const servers = openServers(root);
  const contents = contentsOf(seed);
  const lost: string[] = [];
  for (const [name, entry] of Object.entries(await readCatalog(catalogFile))) {
    const bytes = await downloadToBytes(servers, entry.cap).catch(() => undefined);
    if (!bytes || Buffer.compare(Buffer.from(bytes), Buffer.from(contents[entry.content]!)) !== 0) lost.push(name);
  }
  return lost;
}

export async function runWorkload(options: { root: string; seed: number; operations: number; workers: number; onStarted?: () => void }): Promise<{ uploads: number; failedUploads: number; deletes: number; collections: number; verified: number; lostSeen: number }> {
  const { root, seed } = options;
  const servers = openServers(root);
  const contents = contentsOf(seed);
  const catalogFile = path.join(root, 'catalog.json');
  const catalog = await readCatalog(catalogFile);
  let revision = 0;
  let writing = Promise.resolve();
  const save = (): Promise<void> => {
    const snapshot = JSON.stringify(catalog);
    writing = writing.then(async () => {
      const temporary = `${catalogFile}.new`;
      await fs.writeFile(temporary, snapshot);
      await fs.rename(temporary, catalogFile);
    });
    return writing;
  };
  const source: ReferenceSource = {
    category: 'files',
    revision: () => revision,
    list: () => Object.values(catalog).map((e) => ({ storageIndex: e.storageIndex, category: 'files' as const, placements: [] })),
  };
  const holds = new StorageIndexHolds();
  const references = new ReferenceIndex(() => [source]);
  const releaseFiles = createReleaseFiles({ servers: async () => servers, leaseSecret: async () => LEASE_SECRET, references, holds });
  const random = seededRandom(seed ^ 0x5eed);
  const counts = { uploads: 0, failedUploads: 0, deletes: 0, collections: 0, verified: 0, lostSeen: 0 };
  let remaining = options.operations;
  options.onStarted?.();

  const upload = async (name: string, content: number): Promise<void> => {
    const taken: (() => void)[] = [];
    const held: string[] = [];
    try {
      const report = await uploadFile(servers, bytesByteSource(contents[content]!), {
        encoding: ENCODING,
        convergence: CONVERGENCE,
        leaseSecret: LEASE_SECRET,
        beforePlacement: async (si) => {
          taken.push(await holds.hold(si));
          held.push(si);
        },
      });
      // The job's own bookkeeping between the last share and the catalog entry takes a moment: widened
      // here so deletes of the same content land in it often. The entry is written while the hold is kept.
      await new Promise((resolve) => setTimeout(resolve, Math.floor(random() * 30)));
      catalog[name] = { cap: report.cap, storageIndex: report.storageIndex!, content };
      revision++;
      await save();
    } catch {
      // Another upload of the same content was writing these shares (the server then refuses them, as
      // Tahoe-LAFS's does): the service fails the job and retries it. What it closed is released, as runUpload does.
      taken.forEach((release) => release());
      await releaseFiles(held.map((storageIndex) => ({ storageIndex })));
      counts.failedUploads++;
      return;
    } finally {
      taken.forEach((release) => release());
    }
    counts.uploads++;
  };
  const remove = async (name: string): Promise<void> => {
    const entry = catalog[name];
    if (!entry) return;
    delete catalog[name];
    revision++;
    await save();
    await releaseFiles([{ storageIndex: entry.storageIndex }]);
    counts.deletes++;
  };
  /** Reads a listed file back while holding its storage index (so no release can take it meanwhile): it must be intact. */
  const verify = async (name: string): Promise<void> => {
    const entry = catalog[name];
    if (!entry) return;
    const release = await holds.hold(entry.storageIndex);
    try {
      if (catalog[name] !== entry) return;
      const bytes = await downloadToBytes(servers, entry.cap).catch(() => undefined);
      if (catalog[name] === entry && (!bytes || Buffer.compare(Buffer.from(bytes), Buffer.from(contents[entry.content]!)) !== 0)) counts.lostSeen++;
      counts.verified++;
    } finally {
      release();
    }
  };
  const worker = async (): Promise<void> => {
    while (remaining-- > 0) {
      const roll = random();
      const name = `/f${Math.floor(random() * 4)}`;
      if (roll < 0.5) await upload(name, Math.floor(random() * contents.length));
      else if (roll < 0.8) await remove(name);
      else if (roll < 0.9) await verify(name);
      else {
        await Promise.all(servers.map((s) => s.collectExpiredLeases()));
        counts.collections++;
      }
    }
  };
  await Promise.all(Array.from({ length: options.workers }, worker));
  await writing;
  return counts;
}
