/**
 * A catalog folder as one streamed ZIP archive (headless mode's "Download
 * folder" and "Restore everything": a browser cannot be given a folder, so
 * it gets an archive, as Google Drive does). Files go one after another from
 * the grid through the ZIP writer (../zip/zip-writer, stored, no
 * compression) to the response, in order; the next few small files are read
 * ahead meanwhile (./zip-read-ahead: at most 8 files and 16 MiB), so memory
 * stays bounded whatever the tree.
 *
 * A file the grid cannot give back is left out (or, if it failed part-way,
 * kept with what came) and named in a text file at the end of the archive,
 * so the other files still arrive.
 */
import { downloadFile, downloadSmallFile } from '../../engine/grid';
import type { StorageServer } from '../../engine/storage/types';
import type { Catalog } from '../catalog';
import { ZipWriter } from '../zip/zip-writer';
import { planRestore, type RestorePlan } from './restore-plan';
import { ReadAhead, readWhole, replay, type FetchedFile } from './zip-read-ahead';

/** Files up to this size are fetched as `raic get` restores them: from the first servers of their order (downloadSmallFile). */
const SMALL_FETCH_MAX_BYTES = 1 << 20;

/** A file read ahead whole; never rejects (a small file's fetch gives all of it or nothing). */
function fetchWhole(servers: readonly StorageServer[], entry: { size: number; cap: string }): Promise<FetchedFile> {
  if (entry.size > SMALL_FETCH_MAX_BYTES) return readWhole(downloadFile(servers, entry.cap));
  return downloadSmallFile(servers, entry.cap).then(
    (chunks) => ({ chunks }),
    (error: unknown) => ({ chunks: [], error: error instanceof Error ? error : new Error(String(error)) }),
  );
}

/** The name of the text file listing what could not be read, unless a file of the folder already has it. */
const PROBLEMS_NAME = 'RAIC - files not restored.txt';

/** What a folder's archive is called in the browser's downloads: its name, or "RAIC files" for everything. */
export function folderZipName(folder: string): string {
  const name = folder.slice(folder.lastIndexOf('/') + 1);
  return `${name === '' ? 'RAIC files' : name}.zip`;
}

/** Plans the archive now (a missing folder is refused before the response starts); `chunks` streams it. */
export function openFolderZip(catalog: Catalog, servers: () => Promise<readonly StorageServer[]>, folder: string): { name: string; totalBytes: number; chunks: AsyncGenerator<Uint8Array> } {
  const plan = planRestore(catalog, folder, '');
  return { name: folderZipName(plan.folder), totalBytes: plan.totalBytes, chunks: zipChunks(plan, servers) };
}

async function* zipChunks(plan: RestorePlan, openServers: () => Promise<readonly StorageServer[]>): AsyncGenerator<Uint8Array> {
  const servers = await openServers();
  const zip = new ZipWriter();
  const problems: string[] = [];
  const ahead = new ReadAhead(
    plan.items.map((item) => item.entry.size),
    (index) => fetchWhole(servers, plan.items[index].entry),
  );
  for (const relative of plan.emptyRelative) yield zip.folder(relative);
  for (const [index, item] of plan.items.entries()) {
    const readAlready = ahead.take(index);
    const chunks = readAlready ? replay(readAlready) : downloadFile(servers, item.entry.cap);
    // The first chunk comes before the entry is begun: most unreadable files fail here and are simply left out.
    let first: IteratorResult<Uint8Array>;
    try {
      first = await chunks.next();
    } catch (error) {
      problems.push(`${item.entry.path}: not in the archive (${(error as Error).message})`);
      continue;
    }
    let failure: Error | undefined;
    async function* rest(): AsyncGenerator<Uint8Array> {
      if (!first.done) yield first.value;
      try {
        for await (const chunk of chunks) yield chunk;
      } catch (error) {
        failure = error as Error;
      }
    }
    const modifiedAt = item.entry.sourceModifiedAt ?? item.entry.storedAt;
    yield* zip.file(item.relative, rest(), { size: item.entry.size, modifiedAt, allowShort: true });
    if (failure) problems.push(`${item.entry.path}: incomplete in the archive, cut short by a read error (${failure.message})`);
  }
  if (problems.length > 0) {
    const taken = new Set(plan.items.map((item) => item.relative));
    let name = PROBLEMS_NAME;
    for (let n = 2; taken.has(name); n++) name = `RAIC - files not restored (${n}).txt`;
    const text = Buffer.from(
      `${problems.length} file${problems.length === 1 ? '' : 's'} of ${plan.folder} could not be read from your accounts when this archive was made:\n` +
        `${problems.map((line) => `  ${line}`).join('\n')}\n\nCheck them in RAIC's Files screen; a repair may bring them back once enough accounts are reachable.\n`,
      'utf8',
    );
    yield* zip.file(name, (async function* () { yield text; })(), { size: text.length });
  }
  yield zip.finish();
}
