/**
 * The embedded first lease of an immutable share on a local-folder server.
 *
 * Since issue 19 a share file is the share's bytes exactly as Tahoe-LAFS
 * defines them, followed by a fixed TRAILER_BYTES trailer holding the lease
 * the uploading client asked for. The trailer is written before the share's
 * fsync and rename, so the share and its first lease become durable and
 * visible together, with no lease file (one inode, one create and one fsync
 * less per share). Later lease changes go to leases/<prefix>/<si>.json
 * (lease-store.ts), whose entry for a share takes precedence over the trailer.
 *
 * Layout (big-endian, 128 bytes, after the share's last byte):
 *
 *   0   8  share length in bytes (must equal file size - 128)
 *   8   8  lease expiry, milliseconds since the epoch
 *   16  32 SHA-256 of the renew secret
 *   48  32 SHA-256 of the cancel secret
 *   80  8  zero (reserved)
 *   88  24 first 24 bytes of SHA-256(MAGIC || bytes 0..88)
 *   112 16 MAGIC
 *
 * Share files written before this change have no trailer. A file is read as
 * having one only if its last 16 bytes are MAGIC, the checksum matches and the
 * recorded length is the file size minus 128; anything else (an old share, a
 * damaged or partial trailer) is read as a share of the whole file's length
 * with no embedded lease. Either way the share's bytes start at offset 0, so a
 * missing or torn trailer can change where the share is taken to end, never
 * where its bytes are.
 */
import { hash } from 'node:crypto';
import fs from 'node:fs';
import type { LeaseRecord } from '../blob-server/leases';

export const TRAILER_BYTES = 128;

/**
 * Bytes a share of `shareBytes` takes in a local folder when this version
 * writes it: the share and its trailer. What a size limit, the folder's usage
 * and the app's measured figures count for it (an older share without a
 * trailer counts its file's size, which is all it takes).
 */
export function shareFileBytes(shareBytes: number): number {
  return shareBytes + TRAILER_BYTES;
}
const MAGIC = Buffer.from('RAIC share lease', 'latin1');
const CHECKED_BYTES = 88;
const CHECKSUM_BYTES = 24;
const DIGEST_BYTES = 32;

/** Scratch for the checksum's input, MAGIC then the checked bytes: one one-shot hash, no hash object (one per share written). */
const checksumInput = Buffer.alloc(MAGIC.length + CHECKED_BYTES);
MAGIC.copy(checksumInput, 0);

function checksum(trailer: Uint8Array): Buffer {
  checksumInput.set(trailer.subarray(0, CHECKED_BYTES), MAGIC.length);
  return sha256(checksumInput).subarray(0, CHECKSUM_BYTES);
}

function sha256(data: Uint8Array): Buffer {
  return hash('sha256', data, 'buffer');
}

function digestBytes(hex: string, what: string): Buffer {
  const bytes = Buffer.from(hex, 'hex');
  if (bytes.length !== DIGEST_BYTES) throw new TypeError(`${what} must be a ${DIGEST_BYTES}-byte SHA-256 digest in hex`);
  return bytes;
}

/** The trailer recording `lease` for a share of `shareLength` bytes. */
export function encodeShareTrailer(shareLength: number, lease: LeaseRecord): Buffer {
  return sealTrailer(shareLength, lease.expiresAt, digestBytes(lease.renewSecretHash, 'renew secret digest'), digestBytes(lease.cancelSecretHash, 'cancel secret digest'));
}

/** SHA-256 of a lease secret as bytes: what a trailer holds (secretDigest's hex string, decoded). */
export function leaseSecretDigest(secret: Uint8Array): Buffer {
  return sha256(secret);
}

/**
 * encodeShareTrailer for a lease given by its secrets' digests as bytes
 * (leaseSecretDigest): the same bytes, without the round trip through hex
 * strings (one trailer per share written).
 */
export function shareTrailerForDigests(shareLength: number, expiresAt: number, renewDigest: Uint8Array, cancelDigest: Uint8Array): Buffer {
  if (renewDigest.length !== DIGEST_BYTES || cancelDigest.length !== DIGEST_BYTES) throw new TypeError(`lease secret digests must be ${DIGEST_BYTES} bytes`);
  return sealTrailer(shareLength, expiresAt, renewDigest, cancelDigest);
}

function sealTrailer(shareLength: number, expiresAt: number, renewDigest: Uint8Array, cancelDigest: Uint8Array): Buffer {
  if (!Number.isSafeInteger(shareLength) || shareLength < 0) throw new RangeError(`share length must be a non-negative integer, got ${shareLength}`);
  if (!Number.isSafeInteger(expiresAt) || expiresAt < 0) throw new RangeError(`lease expiry must be a non-negative integer, got ${expiresAt}`);
  // From Node's pool, not zeroed: every byte is set below.
  const trailer = Buffer.allocUnsafe(TRAILER_BYTES);
  // Two 32-bit halves: exact for any safe integer, without a BigInt per field.
  trailer.writeUInt32BE(Math.floor(shareLength / 2 ** 32), 0);
  trailer.writeUInt32BE(shareLength >>> 0, 4);
  trailer.writeUInt32BE(Math.floor(expiresAt / 2 ** 32), 8);
  trailer.writeUInt32BE(expiresAt >>> 0, 12);
  trailer.set(renewDigest, 16);
  trailer.set(cancelDigest, 48);
  trailer.fill(0, 80, CHECKED_BYTES);
  trailer.set(checksum(trailer), CHECKED_BYTES);
  MAGIC.copy(trailer, TRAILER_BYTES - MAGIC.length);
  return trailer;
}

/**
 * The embedded lease in `tail` (the last bytes of a file of `fileSize` bytes,
 * at least TRAILER_BYTES of them), or undefined when the file has no valid trailer.
 */
export function parseShareTrailer(tail: Uint8Array, fileSize: number): LeaseRecord | undefined {
  if (fileSize < TRAILER_BYTES || tail.length < TRAILER_BYTES) return undefined;
  const trailer = Buffer.from(tail.buffer, tail.byteOffset + tail.length - TRAILER_BYTES, TRAILER_BYTES);
  if (!trailer.subarray(TRAILER_BYTES - MAGIC.length).equals(MAGIC)) return undefined;
  if (!trailer.subarray(CHECKED_BYTES, CHECKED_BYTES + CHECKSUM_BYTES).equals(checksum(trailer))) return undefined;
  if (trailer.readBigUInt64BE(0) !== BigInt(fileSize - TRAILER_BYTES)) return undefined;
  const expiresAt = trailer.readBigUInt64BE(8);
  if (expiresAt > BigInt(Number.MAX_SAFE_INTEGER)) return undefined;
  return {
    expiresAt: Number(expiresAt),
    renewSecretHash: trailer.toString('hex', 16, 48),
    cancelSecretHash: trailer.toString('hex', 48, 80),
  };
}

export interface StoredShareFile {
  /** Bytes of the file on disk (share plus trailer, if any). */
  fileSize: number;
  /** Bytes of the share itself: what readers see. */
  shareSize: number;
  /** The lease written with the share, when the file has a trailer. */
  embeddedLease?: LeaseRecord;
  /** The whole file (the share's bytes first), when it was read whole (see readStoredShareFile's `wholeUpTo`). */
  fileBytes?: Buffer;
}

/**
 * Size and embedded lease of a complete share file, or undefined when the path
 * is not a regular file (gone, a folder). A file of at most `wholeUpTo` bytes
 * is read whole (its share bytes returned with it: a small share's reader
 * would read it whole next anyway, so a restore makes no more calls than a
 * stat and that read did); a larger one has only its last 128 bytes read.
 * One open, fstat, read and close, through the callback API on a plain
 * descriptor (the cheapest way through the thread pool).
 */
export function readStoredShareFile(path: string, options: { wholeUpTo?: number; allocate?: (bytes: number) => Buffer } = {}): Promise<StoredShareFile | undefined> {
  const wholeUpTo = options.wholeUpTo ?? 0;
  // Unpooled by default: the bytes own their memory, as a reader's own whole read does.
  const allocate = options.allocate ?? ((bytes: number) => Buffer.allocUnsafeSlow(bytes));
  return new Promise((resolve, reject) => {
    fs.open(path, 'r', (openError, fd) => {
      if (openError) return ['ENOENT', 'ENOTDIR', 'EISDIR'].includes(openError.code ?? '') ? resolve(undefined) : reject(openError);
      const finish = (error: Error | null, result?: StoredShareFile) => {
        fs.close(fd, () => undefined);
        if (error) reject(error);
        else resolve(result);
      };
      fs.fstat(fd, (statError, info) => {
        if (statError) return finish(statError);
        if (!info.isFile()) return finish(null, undefined);
        const fileSize = info.size;
        const whole = fileSize <= wholeUpTo;
        if (!whole && fileSize < TRAILER_BYTES) return finish(null, { fileSize, shareSize: fileSize });
        const from = whole ? 0 : fileSize - TRAILER_BYTES;
        const buffer = whole ? allocate(fileSize) : Buffer.allocUnsafeSlow(TRAILER_BYTES);
        readAt(fd, buffer, from, (readError, got) => {
          if (readError) return finish(readError);
          // A file that shrank since the fstat is read as what is there now (its trailer, if any, is gone).
          const size = from + got;
          const lease = got >= TRAILER_BYTES ? parseShareTrailer(buffer.subarray(0, got), size) : undefined;
          const shareSize = lease ? size - TRAILER_BYTES : size;
          finish(null, { fileSize: size, shareSize, ...(lease ? { embeddedLease: lease } : {}), ...(whole ? { fileBytes: buffer.subarray(0, got) } : {}) });
        });
      });
    });
  });
}

/** Fills `buffer` from file position `from`, stopping early only at the end of the file. */
function readAt(fd: number, buffer: Buffer, from: number, done: (error: Error | null, got: number) => void): void {
  const step = (got: number): void => {
    if (got >= buffer.length) return done(null, got);
    fs.read(fd, buffer, got, buffer.length - got, from + got, (error, bytesRead) => {
      if (error) return done(error, got);
      if (bytesRead === 0) return done(null, got);
      step(got + bytesRead);
    });
  };
  step(0);
}
