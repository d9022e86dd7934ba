/**
 * A few small objects per account that are not shares: the recovery
 * pointers. They live beside the storage server's own data, under a
 * `recovery/` folder or object prefix that no storage server reads, lists or
 * garbage-collects (a local-folder server keeps shares/ and incoming/; a
 * blob server shares/, incoming/, slots/, leases/, corruption-advisories/).
 */
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { BlobNotFoundError, type BlobStore } from '../../engine/backends/types';
import { writeFileAtomic } from '../atomic-file';

export interface AuxStore {
  readonly accountId: string;
  readonly accountName: string;
  /** The object's bytes, or undefined when there is none of that name. */
  read(name: string): Promise<Uint8Array | undefined>;
  /** Replaces the object whole: readers see the old bytes or the new ones, never a mix. */
  write(name: string, bytes: Uint8Array): Promise<void>;
  /** Names of the objects held (in any order). */
  list(): Promise<string[]>;
}

/** An account that could not take part in a publish or restore, and why (never a secret). */
export interface AccountProblem {
  accountId: string;
  accountName: string;
  reason: string;
}

export function accountProblem(store: AuxStore, reason: string): AccountProblem {
  return { accountId: store.accountId, accountName: store.accountName, reason };
}

/** "name: reason; name: reason", for messages that list several accounts. */
export function describeAccountProblems(problems: readonly AccountProblem[]): string {
  return problems.map((problem) => `${problem.accountName}: ${problem.reason}`).join('; ');
}

const AUX_FOLDER = 'recovery';
const BLOB_PREFIX = `${AUX_FOLDER}/`;
const NAME_PATTERN = /^[a-z0-9-]{1,64}$/;

/** Names become file paths and object keys, so only a plain, short alphabet is allowed. */
export function validateAuxName(name: unknown): string {
  if (typeof name !== 'string' || !NAME_PATTERN.test(name)) {
    throw new RangeError(`aux object name must be 1 to 64 characters of a-z, 0-9 and '-', got ${JSON.stringify(name)}`);
  }
  return name;
}

function isMissing(error: unknown): boolean {
  const code = (error as NodeJS.ErrnoException).code;
  return code === 'ENOENT' || code === 'ENOTDIR';
}

/** Objects as files under `<root>/recovery/`, where root is a local-folder storage server's folder. */
/** `beforeWrite` throws when the account's folder is not there (a write would otherwise make it). */
export function localFolderAuxStore(account: { id: string; name: string; root: string; beforeWrite?(): Promise<void> }): AuxStore {
  const folder = join(account.root, AUX_FOLDER);
  return {
    accountId: account.id,
    accountName: account.name,
    async read(name) {
      try {
        return new Uint8Array(await readFile(join(folder, validateAuxName(name))));
      } catch (error) {
        if (isMissing(error)) return undefined;
        throw error;
      }
    },
    async write(name, bytes) {
      const file = join(folder, validateAuxName(name));
      await account.beforeWrite?.();
      await writeFileAtomic(file, bytes);
    },
    async list() {
      try {
        // Temporary files of unfinished atomic writes start with '.', so the pattern leaves them out.
        return (await readdir(folder)).filter((name) => NAME_PATTERN.test(name));
      } catch (error) {
        if (isMissing(error)) return [];
        throw error;
      }
    },
  };
}

/** Objects under the `recovery/` prefix of a cloud account's BlobStore (put is atomic there). */
export function blobAuxStore(account: { id: string; name: string; store: BlobStore }): AuxStore {
  const { store } = account;
  return {
    accountId: account.id,
    accountName: account.name,
    async read(name) {
      try {
        return await store.get(BLOB_PREFIX + validateAuxName(name));
      } catch (error) {
        if (error instanceof BlobNotFoundError) return undefined;
        throw error;
      }
    },
    async write(name, bytes) {
      await store.put(BLOB_PREFIX + validateAuxName(name), bytes);
    },
    async list() {
      const names: string[] = [];
      for await (const info of store.list(BLOB_PREFIX)) {
        const name = info.key.slice(BLOB_PREFIX.length);
        if (NAME_PATTERN.test(name)) names.push(name);
      }
      return names;
    },
  };
}
