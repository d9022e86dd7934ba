/**
 * Contract between the CHK format layer (engine/chk/, pure Tahoe-LAFS immutable
 * format: keys, encryption, erasure coding, hash trees, share layout, caps) and
 * the grid operations (engine/grid/: placement, upload, download, check, verify,
 * repair over StorageServer). The format layer never talks to a server; the grid
 * layer never parses share bytes. Implementations live beside this file and are
 * re-exported from engine/chk/index.ts.
 */

export interface EncodingParams {
  /** Shares needed to read the file (zfec k). */
  needed: number;
  /** Distinct servers an upload must reach (servers-of-happiness). */
  happy: number;
  /** Shares produced (zfec n). */
  total: number;
  /** Maximum segment size in bytes (RAIC default 1 MiB; Tahoe vectors use 128 KiB). */
  maxSegmentSize: number;
}

/** A re-readable byte source; convergent encryption reads the plaintext twice. */
export interface ByteSource {
  readonly size: number;
  /** Returns exactly `length` bytes starting at `offset` (caller stays within size). */
  read(offset: number, length: number): Promise<Uint8Array>;
  /**
   * Optional: fills `target` with the `target.length` bytes starting at
   * `offset`. Lets the encoder reuse its buffers (fresh memory costs a page
   * fault per 4 KiB and garbage collection); read() is used where it is absent.
   * Unlike read(), it may be called again before earlier calls are done.
   */
  readInto?(offset: number, target: Uint8Array): Promise<void>;
  /**
   * Optional: the `length` bytes at `offset` as a view of memory the source
   * holds anyway (a small file read whole), valid until the source is
   * closed: neither a copy nor a caller buffer to fill. Read-only: the caller
   * must not write to it nor move its buffer to a worker. Preferred over
   * readInto() and read() where present; may be called again before earlier
   * calls are done.
   */
  view?(offset: number, length: number): Promise<Uint8Array>;
}

/** Where the encoder writes each share's bytes (header, blocks, hashes, UEB). */
export interface ShareSink {
  /**
   * `kept` says the writer will never change `data` (nor reuse its memory)
   * again, so a sink that holds on to it past the call need not copy it.
   * Without it, the bytes may be reused once the returned promise settles.
   */
  write(shareNumber: number, offset: number, data: Uint8Array, kept?: boolean): Promise<void>;
}

/** Read access to one stored share, by range. */
export interface ShareSource {
  readonly shareNumber: number;
  read(offset: number, length: number): Promise<Uint8Array>;
  /**
   * Optional: fills `target` from `offset` (clipped at the end of the share),
   * resolving to the bytes read. When every source has it, big downloads read
   * blocks into reused shared memory the hash worker reads without a copy.
   */
  readInto?(offset: number, target: Uint8Array): Promise<number>;
}

export interface ChkReadCap {
  kind: 'CHK';
  key: Uint8Array; // 16 bytes
  uebHash: Uint8Array; // 32 bytes
  needed: number;
  total: number;
  size: number;
}

export interface ChkVerifyCap {
  kind: 'CHK-Verifier';
  storageIndex: Uint8Array; // 16 bytes
  uebHash: Uint8Array;
  needed: number;
  total: number;
  size: number;
}

export interface LiteralCap {
  kind: 'LIT';
  data: Uint8Array;
}

export type ImmutableCap = ChkReadCap | ChkVerifyCap | LiteralCap;

/** Facts about an upload known before any share byte is produced. */
export interface EncodingPlan {
  key: Uint8Array;
  storageIndex: Uint8Array;
  /** Exact byte length of every share. */
  shareSize: number;
  params: EncodingParams;
  fileSize: number;
}

export interface EncodeResult {
  readCap: ChkReadCap;
  verifyCap: ChkVerifyCap;
}

/** A share failed a hash check; the downloader drops it and tries another. */
export class CorruptShareError extends Error {
  constructor(
    readonly shareNumber: number,
    readonly reason: string,
    /** The source that held the bad bytes (several copies of one share number may be given to the downloader). */
    readonly source?: ShareSource,
  ) {
    super(`share ${shareNumber} is corrupt: ${reason}`);
    this.name = 'CorruptShareError';
  }
}

export interface DownloadOptions {
  /** First plaintext byte wanted (default 0). */
  offset?: number;
  /** Number of plaintext bytes wanted (default: to the end). */
  length?: number;
  /**
   * Called once per share source that fails verification. A share whose
   * header, URI extension block or hash chain is bad is dropped whole; a share
   * with a bad block is distrusted only for that block's segment (the block
   * hash tree vouches for each block separately), so it can still supply the
   * other segments.
   */
  onCorruptShare?: (error: CorruptShareError) => void;
  /**
   * Called once per share whose read failed (the source threw, e.g. a server was
   * unreachable), before another share is used. Such shares are not corrupt.
   */
  onShareUnavailable?: (shareNumber: number, error: unknown) => void;
  /** Hash-check on a worker thread (default: when at least 4 MiB of segments are read). */
  hashInWorker?: boolean;
  /**
   * Segments fetched ahead of the one being decrypted (at least 1; default:
   * 8 MiB worth, 2 to 16 segments). More hides a slower store's round trips;
   * each costs about one segment of memory.
   */
  prefetchSegments?: number;
}

export interface ShareVerification {
  shareNumber: number;
  ok: boolean;
  /** Why the share is bad, in words (absent when ok). */
  problem?: string;
  /**
   * Segments whose block failed its hash check, ascending, when only blocks
   * are bad: the share's header, URI extension block and hash trees checked
   * out, so its other blocks are still usable. Absent when the share is ok or
   * unusable as a whole.
   */
  badBlocks?: number[];
  /** Segments in the file, learned from the share's URI extension block (absent when it could not be read). */
  segmentCount?: number;
}

/**
 * The functions engine/chk/index.ts exports (signatures fixed here so the grid
 * layer can be written against them):
 *
 *   computeConvergentKey(source: ByteSource, params: EncodingParams, convergence: Uint8Array): Promise<Uint8Array>
 *   planEncoding(key: Uint8Array, params: EncodingParams, fileSize: number): EncodingPlan
 *   encodeChk(plan: EncodingPlan, plaintext: ByteSource, sink: ShareSink, options?: { shareNumbers?: number[] }): Promise<EncodeResult>
 *       streams segment by segment; writes only the listed shares (all by default, used by repair)
 *   downloadChk(cap: ChkReadCap, shares: ShareSource[], options?: DownloadOptions): AsyncIterable<Uint8Array>
 *       needs >= needed good blocks per segment among `shares` (several copies of a share number may
 *       be given); verifies every block; yields plaintext in order; throws NotEnoughSharesError when
 *       fewer than `needed` good shares remain, or some segment has fewer than `needed` good blocks
 *   verifyShare(cap: ChkVerifyCap, share: ShareSource): Promise<ShareVerification>
 *       reads and hash-checks the whole share (UEB, share hash tree, every block hash); lists the bad blocks
 *   toVerifyCap(cap: ChkReadCap): ChkVerifyCap
 *   storageIndexOf(cap: ChkReadCap | ChkVerifyCap): Uint8Array
 *   parseCap(text: string): ImmutableCap            throws CapError with a clear message
 *   formatCap(cap: ImmutableCap): string
 *   literalCap(data: Uint8Array): LiteralCap         for files of 55 bytes or less
 *   NotEnoughSharesError, CapError (Error subclasses)
 */
export const LITERAL_THRESHOLD = 55;
