/**
 * The server's immutable uploads in progress. GBS has no "close": the server
 * finishes a share itself when its last byte arrives (spec: PATCH, "The
 * server MUST recognize when all of the data has been received"), so it
 * tracks what each upload has received, and the upload secret that guards it.
 */
import { createHash, timingSafeEqual } from 'node:crypto';
import type { BucketWriter } from '../types';
import { missingRanges, type ByteRange } from './byte-ranges';

export interface UploadInProgress {
  writer: BucketWriter;
  allocatedSize: number;
  received: ByteRange[];
  lastActivity: number;
  /** Serializes the writes to one share so exactly one of them finishes it. */
  queue: Promise<unknown>;
}

/** Uploads untouched this long are abandoned (their client is gone); Tahoe-LAFS uses the same 30 minutes. */
export const ABANDONED_UPLOAD_MS = 30 * 60 * 1000;

/** The engine's servers take 32-byte upload secrets; the protocol allows other lengths (Tahoe sends 20), so the server hands them a digest. */
export function uploadSecretDigest(secret: Uint8Array): Uint8Array {
  return new Uint8Array(createHash('sha256').update(secret).digest());
}

function key(storageIndex: Uint8Array, shareNumber: number): string {
  return `${Buffer.from(storageIndex).toString('hex')}/${shareNumber}`;
}

export class UploadRegistry {
  private readonly uploads = new Map<string, UploadInProgress & { secretDigest: Uint8Array }>();

  constructor(private readonly now: () => number = Date.now) {}

  /** Registers a writer for a share's upload (a second registration of the same writer is ignored). */
  remember(storageIndex: Uint8Array, shareNumber: number, uploadSecret: Uint8Array, writer: BucketWriter, allocatedSize: number): void {
    const k = key(storageIndex, shareNumber);
    if (this.uploads.get(k)?.writer === writer) return;
    this.uploads.set(k, { writer, allocatedSize, received: [], lastActivity: this.now(), queue: Promise.resolve(), secretDigest: uploadSecretDigest(uploadSecret) });
  }

  /** The upload, or undefined when none is in progress; 'wrong-secret' when one is but the secret differs. */
  find(storageIndex: Uint8Array, shareNumber: number, uploadSecret: Uint8Array): UploadInProgress | undefined | 'wrong-secret' {
    const upload = this.uploads.get(key(storageIndex, shareNumber));
    if (!upload) return undefined;
    if (!timingSafeEqual(upload.secretDigest, uploadSecretDigest(uploadSecret))) return 'wrong-secret';
    upload.lastActivity = this.now();
    return upload;
  }

  forget(storageIndex: Uint8Array, shareNumber: number, upload: UploadInProgress): void {
    const k = key(storageIndex, shareNumber);
    if (this.uploads.get(k) === upload) this.uploads.delete(k);
  }

  /** Aborts and drops uploads nobody has touched for ABANDONED_UPLOAD_MS. */
  async sweepAbandoned(): Promise<number> {
    const cutoff = this.now() - ABANDONED_UPLOAD_MS;
    const stale = [...this.uploads].filter(([, upload]) => upload.lastActivity < cutoff);
    for (const [k, upload] of stale) {
      this.uploads.delete(k);
      await upload.writer.abort().catch(() => undefined);
    }
    return stale.length;
  }

  async abortAll(): Promise<void> {
    const all = [...this.uploads.values()];
    this.uploads.clear();
    await Promise.all(all.map((upload) => upload.writer.abort().catch(() => undefined)));
  }
}

/** Records that [start, end) arrived and returns what is still missing. */
export function recordReceived(upload: UploadInProgress, range: ByteRange): ByteRange[] {
  upload.received = mergeRanges([...upload.received, range]);
  return missingRanges(upload.allocatedSize, upload.received);
}

function mergeRanges(ranges: ByteRange[]): ByteRange[] {
  const sorted = [...ranges].sort((a, b) => a.start - b.start);
  const merged: ByteRange[] = [];
  for (const range of sorted) {
    const last = merged[merged.length - 1];
    if (last && range.start <= last.end) last.end = Math.max(last.end, range.end);
    else merged.push({ ...range });
  }
  return merged;
}
