/**
 * Mutable slots of a local-folder server (Tahoe-LAFS SDMF/MDMF shares):
 * `mutable/<prefix>/<si>/<shnum>` holds a share's bytes and nothing else (its
 * length is the file's), `mutable/<prefix>/<si>/write-enabler` the SHA-256 of
 * the slot's write enabler, as Tahoe's mutable container header holds the
 * enabler. Callers hold the server's lock for the storage index, so tests,
 * reads and writes of one call see no other call's writes.
 */
import { open, readdir, readFile, rmdir, stat, unlink } from 'node:fs/promises';
import { join } from 'node:path';
import { BadWriteEnablerError, type ReadVector, type SlotSecrets, type TestAndWriteVectors } from '../types';
import { sameDigest, secretDigest } from '../blob-server/leases';
import { parseShareFileName } from './layout';
import { makePrivateDir, openPrivate, writePrivateFileAtomically } from './private-files';

const ENABLER_FILE = 'write-enabler';

export interface SlotChange {
  testsPassed: boolean;
  readData: Map<number, Uint8Array[]>;
  /** Shares that exist after the writes (they get the lease). */
  written: number[];
  /** Shares removed by a new length of 0. */
  deleted: number[];
}

export class LocalSlotStore {
  constructor(private readonly slotDirOf: (storageIndex: Uint8Array) => string) {}

  /** Share numbers and lengths of a slot, in order. */
  async shares(storageIndex: Uint8Array): Promise<Map<number, number>> {
    const dir = this.slotDirOf(storageIndex);
    const out = new Map<number, number>();
    let names: string[];
    try {
      names = await readdir(dir);
    } catch (error) {
      if (['ENOENT', 'ENOTDIR'].includes((error as NodeJS.ErrnoException).code ?? '')) return out;
      throw error;
    }
    const numbered = names.map((name) => [parseShareFileName(name), name] as const).filter(([n]) => n !== undefined) as [number, string][];
    for (const [shareNumber, name] of numbered.sort(([a], [b]) => a - b)) {
      const info = await stat(join(dir, name)).catch(() => undefined);
      if (info?.isFile()) out.set(shareNumber, info.size);
    }
    return out;
  }

  /** Bytes held in the slot's shares. */
  async bytes(storageIndex: Uint8Array): Promise<number> {
    let total = 0;
    for (const length of (await this.shares(storageIndex)).values()) total += length;
    return total;
  }

  private async readRange(storageIndex: Uint8Array, shareNumber: number, length: number, offset: number, size: number): Promise<Uint8Array> {
    const wanted = Math.max(0, Math.min(size, length - offset));
    if (wanted === 0) return new Uint8Array(0);
    const handle = await open(join(this.slotDirOf(storageIndex), String(shareNumber)), 'r');
    try {
      const buffer = Buffer.alloc(wanted);
      let got = 0;
      while (got < wanted) {
        const { bytesRead } = await handle.read(buffer, got, wanted - got, offset + got);
        if (bytesRead === 0) break;
        got += bytesRead;
      }
      return new Uint8Array(buffer.buffer, buffer.byteOffset, got);
    } finally {
      await handle.close();
    }
  }

  async readv(storageIndex: Uint8Array, shareNumbers: number[], vectors: ReadVector[]): Promise<Map<number, Uint8Array[]>> {
    const out = new Map<number, Uint8Array[]>();
    for (const [shareNumber, length] of await this.shares(storageIndex)) {
      if (shareNumbers.length > 0 && !shareNumbers.includes(shareNumber)) continue;
      const reads: Uint8Array[] = [];
      for (const v of vectors) reads.push(await this.readRange(storageIndex, shareNumber, length, v.offset, v.size));
      out.set(shareNumber, reads);
    }
    return out;
  }

  /** Bytes the writes would add to the slot (for the server's size limit). */
  async growth(storageIndex: Uint8Array, vectors: Map<number, TestAndWriteVectors>): Promise<number> {
    const shares = await this.shares(storageIndex);
    let total = 0;
    for (const [shareNumber, vector] of vectors) {
      if (vector.newLength === 0) continue;
      const length = shares.get(shareNumber) ?? 0;
      const end = Math.max(length, ...vector.writeVector.filter((w) => w.data.length > 0).map((w) => w.offset + w.data.length));
      total += end - length;
    }
    return total;
  }

  /** Tahoe's slot_testv_and_readv_and_writev minus the leases (the server adds them). */
  async testAndReadAndWrite(storageIndex: Uint8Array, secrets: SlotSecrets, vectors: Map<number, TestAndWriteVectors>, readVector: ReadVector[]): Promise<SlotChange> {
    const dir = this.slotDirOf(storageIndex);
    const shares = await this.shares(storageIndex);
    const enablerHash = secretDigest(secrets.writeEnabler);
    if (shares.size > 0) {
      const stored = (await readFile(join(dir, ENABLER_FILE), 'utf8').catch(() => '')).trim();
      if (!stored || !sameDigest(stored, enablerHash)) throw new BadWriteEnablerError('the write enabler does not match the one stored with this mutable slot');
    }
    let testsPassed = true;
    for (const [shareNumber, vector] of vectors) {
      for (const test of vector.testVector) {
        const length = shares.get(shareNumber);
        // A share the server lacks reads as empty, as Tahoe's EmptyShare does.
        const actual = length === undefined ? new Uint8Array(0) : await this.readRange(storageIndex, shareNumber, length, test.offset, test.size ?? test.specimen.length);
        if (!Buffer.from(actual).equals(Buffer.from(test.specimen))) testsPassed = false;
      }
    }
    const readData = await this.readv(storageIndex, [], readVector);
    const change: SlotChange = { testsPassed, readData, written: [], deleted: [] };
    if (!testsPassed || vectors.size === 0) return change;

    await makePrivateDir(dir);
    if (shares.size === 0) await writePrivateFileAtomically(join(dir, ENABLER_FILE), enablerHash);
    for (const [shareNumber, vector] of [...vectors].sort(([a], [b]) => a - b)) {
      const path = join(dir, String(shareNumber));
      if (vector.newLength === 0) {
        if (shares.has(shareNumber)) {
          await unlink(path);
          change.deleted.push(shareNumber);
        }
        continue;
      }
      const handle = await openPrivate(path, shares.has(shareNumber) ? 'r+' : 'w+');
      try {
        for (const write of vector.writeVector) {
          let done = 0;
          while (done < write.data.length) {
            const { bytesWritten } = await handle.write(write.data, done, write.data.length - done, write.offset + done);
            if (bytesWritten <= 0) throw new Error('the disk accepted no bytes');
            done += bytesWritten;
          }
        }
        const { size } = await handle.stat();
        if (vector.newLength != null && vector.newLength < size) await handle.truncate(vector.newLength);
        await handle.sync();
      } finally {
        await handle.close();
      }
      change.written.push(shareNumber);
    }
    if ((await this.shares(storageIndex)).size === 0) await this.removeSlot(storageIndex);
    return change;
  }

  /** Deletes shares (garbage collection); the slot goes when its last share does. */
  async deleteShares(storageIndex: Uint8Array, shareNumbers: number[]): Promise<number> {
    const dir = this.slotDirOf(storageIndex);
    let removed = 0;
    for (const shareNumber of shareNumbers) {
      const gone = await unlink(join(dir, String(shareNumber))).then(
        () => true,
        () => false,
      );
      if (gone) removed++;
    }
    if (removed > 0 && (await this.shares(storageIndex)).size === 0) await this.removeSlot(storageIndex);
    return removed;
  }

  /** A slot with no share left forgets its write enabler: the next writer claims it, as in Tahoe-LAFS. */
  private async removeSlot(storageIndex: Uint8Array): Promise<void> {
    const dir = this.slotDirOf(storageIndex);
    await unlink(join(dir, ENABLER_FILE)).catch(() => undefined);
    await rmdir(dir).catch(() => undefined);
    await rmdir(join(dir, '..')).catch(() => undefined);
  }
}

