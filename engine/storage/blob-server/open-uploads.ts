/**
 * Uploads open through one server object, by storage index and share number:
 * their allocated bytes are reserved against the size limit until they
 * settle, and garbage collection and repeated allocations leave them alone.
 */
import type { BucketWriter } from '../types';

export interface OpenUpload {
  /** Allocated size, reserved against the size limit until the upload settles. */
  bytes: number;
  uploadSecretHash: string;
  writer: BucketWriter;
}

export class OpenUploads {
  /** By "<si>/<share>". */
  private readonly uploads = new Map<string, OpenUpload>();

  has(si: string, shareNumber: number): boolean {
    return this.uploads.has(uploadKey(si, shareNumber));
  }

  add(si: string, shareNumber: number, upload: OpenUpload): void {
    this.uploads.set(uploadKey(si, shareNumber), upload);
  }

  delete(si: string, shareNumber: number): void {
    this.uploads.delete(uploadKey(si, shareNumber));
  }

  /** Whether any share of the storage index is still being uploaded. */
  anyOf(si: string): boolean {
    return [...this.uploads.keys()].some((key) => key.startsWith(`${si}/`));
  }

  /** Bytes allocated to uploads still open. */
  reservedBytes(): number {
    let total = 0;
    for (const { bytes } of this.uploads.values()) total += bytes;
    return total;
  }
}

function uploadKey(si: string, shareNumber: number): string {
  return `${si}/${shareNumber}`;
}
