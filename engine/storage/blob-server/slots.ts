/**
 * Mutable slots (Tahoe-LAFS SDMF/MDMF shares) over a BlobStore. Each share's
 * bytes are chunk objects `slots/<xx>/<si>/N`, `N.1`, ... as for immutable
 * shares; `slots/<xx>/<si>/slot` holds what Tahoe's mutable container header
 * holds: the write enabler (as a digest) and each share's data length and
 * chunk size. The metadata object is authoritative: chunk objects never hold
 * bytes past a share's length, and a missing or short chunk inside the length
 * reads as zeros, so growing a share writes only the chunks its write vectors
 * touch, and truncating rewrites at most one chunk.
 */
import type { BlobStore } from '../../backends/types';
import { BadWriteEnablerError, type ReadVector, type SlotSecrets, type TestAndWriteVectors, type WriteVector } from '../types';
import { chunkLength, readChunkedRange } from './chunks';
import { readJson, writeJson } from './json-objects';
import { slotChunkKey, slotMetaKey } from './keys';
import { sameDigest, secretDigest } from './leases';

export interface SlotShareMeta {
  length: number;
  chunkSize: number;
}

export interface SlotMeta {
  version: 1;
  writeEnablerHash: string;
  /** Share number (decimal) -> its data length and chunk size. */
  shares: Record<string, SlotShareMeta>;
}

export interface SlotChange {
  testsPassed: boolean;
  readData: Map<number, Uint8Array[]>;
  /** Shares that exist after the writes (they get the lease). */
  written: number[];
  /** Shares deleted by newLength 0. */
  deleted: number[];
}

export class SlotStore {
  constructor(
    private readonly store: BlobStore,
    private readonly defaultChunkSize: number,
  ) {}

  async meta(si: string): Promise<SlotMeta | undefined> {
    return readJson<SlotMeta>(this.store, slotMetaKey(si));
  }

  async shareNumbers(si: string): Promise<number[]> {
    return Object.keys((await this.meta(si))?.shares ?? {})
      .map(Number)
      .sort((a, b) => a - b);
  }

  readShare(si: string, shareNumber: number, share: SlotShareMeta, offset: number, length: number): Promise<Uint8Array> {
    return readChunkedRange({
      store: this.store,
      keyOfChunk: (index) => slotChunkKey(si, shareNumber, index),
      chunkSize: share.chunkSize,
      size: share.length,
      offset,
      length,
      sparse: true,
      describe: `mutable share ${shareNumber} of ${si}`,
    });
  }

  async readv(si: string, shareNumbers: number[], readVectors: ReadVector[]): Promise<Map<number, Uint8Array[]>> {
    const meta = await this.meta(si);
    const out = new Map<number, Uint8Array[]>();
    for (const [name, share] of sortedShares(meta)) {
      if (shareNumbers.length > 0 && !shareNumbers.includes(name)) continue;
      out.set(name, await Promise.all(readVectors.map((v) => this.readShare(si, name, share, v.offset, v.size))));
    }
    return out;
  }

  /** Bytes the writes would add to the slot, for the server's size limit. */
  async growth(si: string, vectors: Map<number, TestAndWriteVectors>): Promise<number> {
    const meta = await this.meta(si);
    let total = 0;
    for (const [shareNumber, vector] of vectors) {
      const length = meta?.shares[String(shareNumber)]?.length ?? 0;
      if (vector.newLength === 0) continue;
      const end = Math.max(length, ...vector.writeVector.filter((w) => w.data.length > 0).map((w) => w.offset + w.data.length));
      total += end - length;
    }
    return total;
  }

  /** Tahoe's slot_testv_and_readv_and_writev, minus leases (the caller adds them). Callers serialise per slot. */
  async testAndReadAndWrite(
    si: string,
    secrets: SlotSecrets,
    vectors: Map<number, TestAndWriteVectors>,
    readVector: ReadVector[],
    beforeWrites: () => Promise<void>,
  ): Promise<SlotChange> {
    const meta = await this.meta(si);
    const enablerHash = secretDigest(secrets.writeEnabler);
    if (meta && Object.keys(meta.shares).length > 0 && !sameDigest(meta.writeEnablerHash, enablerHash)) {
      throw new BadWriteEnablerError(`the write enabler does not match the one stored with mutable slot ${si}`);
    }
    const testsPassed = await this.testsPass(si, meta, vectors);
    const readData = await this.readv(si, [], readVector);
    const change: SlotChange = { testsPassed, readData, written: [], deleted: [] };
    if (!testsPassed || vectors.size === 0) return change;
    await beforeWrites();

    const next: SlotMeta = { version: 1, writeEnablerHash: meta?.writeEnablerHash ?? enablerHash, shares: { ...meta?.shares } };
    if (Object.keys(next.shares).length === 0) next.writeEnablerHash = enablerHash;
    for (const [shareNumber, vector] of [...vectors].sort(([a], [b]) => a - b)) {
      const name = String(shareNumber);
      const existing = next.shares[name];
      if (vector.newLength === 0) {
        if (existing) {
          await this.deleteChunks(si, shareNumber, existing, 0);
          delete next.shares[name];
          change.deleted.push(shareNumber);
        }
        continue;
      }
      const share: SlotShareMeta = existing ? { ...existing } : { length: 0, chunkSize: this.defaultChunkSize };
      share.length = await this.applyWrites(si, shareNumber, share, vector.writeVector);
      if (vector.newLength != null && vector.newLength < share.length) await this.truncate(si, shareNumber, share, vector.newLength);
      next.shares[name] = share;
      change.written.push(shareNumber);
    }
    // The metadata goes last: until it is stored, readers see the old lengths.
    if (Object.keys(next.shares).length === 0) await this.store.delete(slotMetaKey(si));
    else await writeJson(this.store, slotMetaKey(si), next);
    return change;
  }

  private async testsPass(si: string, meta: SlotMeta | undefined, vectors: Map<number, TestAndWriteVectors>): Promise<boolean> {
    for (const [shareNumber, vector] of vectors) {
      const share = meta?.shares[String(shareNumber)];
      for (const test of vector.testVector) {
        const size = test.size ?? test.specimen.length;
        // A share the server lacks reads as empty, as in Tahoe's EmptyShare.
        const actual = share ? await this.readShare(si, shareNumber, share, test.offset, size) : new Uint8Array(0);
        if (!Buffer.from(actual).equals(Buffer.from(test.specimen))) return false;
      }
    }
    return true;
  }

  /** Applies writes chunk by chunk (one chunk in memory at a time); returns the new length. */
  private async applyWrites(si: string, shareNumber: number, share: SlotShareMeta, writes: WriteVector[]): Promise<number> {
    const { chunkSize } = share;
    const effective = writes.filter((w) => w.data.length > 0);
    const touched = new Set<number>();
    let newLength = share.length;
    for (const w of effective) {
      for (let index = Math.floor(w.offset / chunkSize); index * chunkSize < w.offset + w.data.length; index++) touched.add(index);
      newLength = Math.max(newLength, w.offset + w.data.length);
    }
    for (const index of [...touched].sort((a, b) => a - b)) {
      const chunkStart = index * chunkSize;
      const oldValid = chunkLength(share.length, chunkSize, index);
      let chunkEnd = oldValid;
      for (const w of effective) {
        if (w.offset < chunkStart + chunkSize && w.offset + w.data.length > chunkStart) {
          chunkEnd = Math.max(chunkEnd, Math.min(chunkSize, w.offset + w.data.length - chunkStart));
        }
      }
      const bytes = new Uint8Array(chunkEnd);
      if (oldValid > 0) bytes.set(await this.readShare(si, shareNumber, share, chunkStart, oldValid));
      for (const w of effective) {
        const from = Math.max(w.offset, chunkStart);
        const to = Math.min(w.offset + w.data.length, chunkStart + chunkSize);
        if (from < to) bytes.set(w.data.subarray(from - w.offset, to - w.offset), from - chunkStart);
      }
      await this.store.put(slotChunkKey(si, shareNumber, index), bytes);
    }
    return newLength;
  }

  /** Shortens a share: trims its new last chunk and deletes the chunks past it. */
  private async truncate(si: string, shareNumber: number, share: SlotShareMeta, newLength: number): Promise<void> {
    const { chunkSize } = share;
    const lastIndex = Math.ceil(newLength / chunkSize) - 1;
    const keep = chunkLength(newLength, chunkSize, lastIndex);
    if (keep < chunkLength(share.length, chunkSize, lastIndex)) {
      const bytes = await this.readShare(si, shareNumber, share, lastIndex * chunkSize, keep);
      await this.store.put(slotChunkKey(si, shareNumber, lastIndex), bytes);
    }
    await this.deleteChunks(si, shareNumber, share, lastIndex + 1);
    share.length = newLength;
  }

  async deleteChunks(si: string, shareNumber: number, share: SlotShareMeta, fromIndex: number): Promise<void> {
    const count = Math.max(1, Math.ceil(share.length / share.chunkSize));
    for (let index = fromIndex; index < count; index++) await this.store.delete(slotChunkKey(si, shareNumber, index));
  }

  /** Removes shares (garbage collection), updating the metadata. */
  async deleteShares(si: string, shareNumbers: number[]): Promise<number> {
    const meta = await this.meta(si);
    if (!meta) return 0;
    let removed = 0;
    for (const shareNumber of shareNumbers) {
      const share = meta.shares[String(shareNumber)];
      if (!share) continue;
      await this.deleteChunks(si, shareNumber, share, 0);
      delete meta.shares[String(shareNumber)];
      removed++;
    }
    if (removed === 0) return 0;
    if (Object.keys(meta.shares).length === 0) await this.store.delete(slotMetaKey(si));
    else await writeJson(this.store, slotMetaKey(si), meta);
    return removed;
  }
}

function sortedShares(meta: SlotMeta | undefined): [number, SlotShareMeta][] {
  return Object.entries(meta?.shares ?? {})
    .map(([name, share]): [number, SlotShareMeta] => [Number(name), share])
    .sort(([a], [b]) => a - b);
}
