/**
 * How a file of a given size is cut into segments and blocks (encode.py and
 * upload.py): the segment size shrinks to the file size for small files and is
 * rounded up to a multiple of k; the last ("tail") segment holds the remainder
 * and is zero-padded to a multiple of k before it is split into k blocks.
 */

export interface SegmentLayout {
  fileSize: number;
  needed: number;
  total: number;
  /** Effective segment size: min(maxSegmentSize, fileSize) rounded up to a multiple of `needed`. */
  segmentSize: number;
  segmentCount: number;
  /** Bytes of each block of a full segment (segmentSize / needed). */
  blockSize: number;
  /** Ciphertext bytes in the last segment, before padding. */
  tailSize: number;
  /** The last segment's size after zero-padding to a multiple of `needed`. */
  paddedTailSize: number;
  tailBlockSize: number;
  /** Bytes of block data in every share: ceil(fileSize / needed). */
  shareDataSize: number;
}

export function nextMultiple(value: number, of: number): number {
  return Math.ceil(value / of) * of;
}

/** The segment size Tahoe-LAFS actually uses; the convergent key also depends on it. */
export function effectiveSegmentSize(fileSize: number, maxSegmentSize: number, needed: number): number {
  return nextMultiple(Math.min(maxSegmentSize, fileSize), needed);
}

export function segmentLayoutFor(fileSize: number, needed: number, total: number, segmentSize: number): SegmentLayout {
  if (!Number.isSafeInteger(fileSize) || fileSize < 1) throw new RangeError(`file size ${fileSize} must be a positive integer`);
  if (segmentSize < 1 || segmentSize % needed !== 0) {
    throw new RangeError(`segment size ${segmentSize} must be a positive multiple of needed shares ${needed}`);
  }
  const segmentCount = Math.ceil(fileSize / segmentSize);
  const tailSize = fileSize - (segmentCount - 1) * segmentSize;
  const paddedTailSize = nextMultiple(tailSize, needed);
  const blockSize = segmentSize / needed;
  const tailBlockSize = paddedTailSize / needed;
  return {
    fileSize,
    needed,
    total,
    segmentSize,
    segmentCount,
    blockSize,
    tailSize,
    paddedTailSize,
    tailBlockSize,
    shareDataSize: (segmentCount - 1) * blockSize + tailBlockSize,
  };
}

export function planSegments(fileSize: number, needed: number, total: number, maxSegmentSize: number): SegmentLayout {
  return segmentLayoutFor(fileSize, needed, total, effectiveSegmentSize(fileSize, maxSegmentSize, needed));
}

/** Ciphertext bytes (unpadded) of segment `index`. */
export function segmentLength(layout: SegmentLayout, index: number): number {
  return index === layout.segmentCount - 1 ? layout.tailSize : layout.segmentSize;
}

export function blockLength(layout: SegmentLayout, index: number): number {
  return index === layout.segmentCount - 1 ? layout.tailBlockSize : layout.blockSize;
}
