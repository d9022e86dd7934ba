/**
 * The engine's BucketWriter over GBS PATCH/abort. The engine makes a share
 * visible at close(), while a GBS server finishes it when its last byte
 * arrives; so the writer holds back any write that would complete the share
 * (judged from the server's own "required" ranges) and sends it at close().
 * Readers therefore never see a share its uploader has not closed.
 */
import { ConflictingWriteError, type BucketWriter } from '../types';
import type { ByteRange } from './byte-ranges';
import { formatContentRange } from './byte-ranges';
import { checkNonNegativeInteger } from './client-arguments';
import type { GbsConnection } from './gbs-connection';
import { STATUS } from './http-status';
import { readRequiredRanges } from './response-messages';
import { decodeCbor } from './wire-cbor';

type WriterState = 'open' | 'closed' | 'aborted';

export class GbsBucketWriter implements BucketWriter {
  private state: WriterState = 'open';
  private required: ByteRange[];
  private readonly heldBack: { offset: number; data: Uint8Array }[] = [];
  private queue: Promise<unknown> = Promise.resolve();

  constructor(
    private readonly connection: GbsConnection,
    private readonly storageIndex: Uint8Array,
    private readonly shareNumber: number,
    private readonly uploadSecret: Uint8Array,
    private readonly allocatedSize: number,
  ) {
    this.required = allocatedSize > 0 ? [{ start: 0, end: allocatedSize }] : [];
  }

  /** One operation at a time, so each write is judged against the latest "required" answer. */
  private serially<T>(operation: () => Promise<T>): Promise<T> {
    const step = this.queue.then(operation);
    this.queue = step.catch(() => undefined);
    return step;
  }

  private requireOpen(): void {
    if (this.state !== 'open') throw new Error(`share ${this.shareNumber} writer is ${this.state}`);
  }

  write(offset: number, data: Uint8Array): Promise<void> {
    return this.serially(async () => {
      this.requireOpen();
      checkNonNegativeInteger(offset, 'write offset');
      const end = offset + data.length;
      if (end > this.allocatedSize) throw new RangeError(`write of ${data.length} bytes at ${offset} runs past the allocated share size ${this.allocatedSize}`);
      if (data.length === 0) return;
      if (this.wouldComplete(offset, end)) {
        this.heldBack.push({ offset, data: Uint8Array.from(data) });
        return;
      }
      await this.send(offset, data);
    });
  }

  private wouldComplete(start: number, end: number): boolean {
    return this.required.every((range) => range.start >= start && range.end <= end);
  }

  /** PATCH one piece; returns true when the server says the share is complete. */
  private async send(offset: number, data: Uint8Array): Promise<boolean> {
    const range = { start: offset, end: offset + data.length };
    const response = await this.connection.call({
      method: 'PATCH',
      route: { kind: 'immutable-share', storageIndex: this.storageIndex, shareNumber: this.shareNumber },
      secrets: { 'upload-secret': this.uploadSecret },
      bytes: data,
      headers: { 'content-range': formatContentRange(range) },
    });
    if (response.status === STATUS.conflict) {
      throw new ConflictingWriteError(`share ${this.shareNumber}: bytes ${range.start}-${range.end} were already written with different data`);
    }
    if (response.status !== STATUS.ok && response.status !== STATUS.created) throw this.connection.unexpected(`a write to share ${this.shareNumber}`, response);
    if (response.status === STATUS.created) {
      this.required = [];
      return true;
    }
    this.required = readRequiredRanges(decodeCbor(response.body)).map((r) => ({ start: r.begin, end: r.end }));
    return false;
  }

  close(): Promise<void> {
    return this.serially(async () => {
      if (this.state === 'closed') return;
      this.requireOpen();
      let complete = this.required.length === 0;
      for (const piece of this.heldBack.splice(0)) complete = (await this.send(piece.offset, piece.data)) || complete;
      if (!complete) {
        const missing = this.required.reduce((sum, r) => sum + r.end - r.start, 0);
        throw new Error(`share ${this.shareNumber} cannot be closed: ${missing} of its ${this.allocatedSize} bytes were never written`);
      }
      this.state = 'closed';
    });
  }

  abort(): Promise<void> {
    return this.serially(async () => {
      if (this.state === 'aborted') return;
      if (this.state === 'closed') throw new Error(`share ${this.shareNumber} is already closed and cannot be aborted`);
      this.state = 'aborted';
      this.heldBack.length = 0;
      const response = await this.connection.call({
        method: 'PUT',
        route: { kind: 'immutable-abort', storageIndex: this.storageIndex, shareNumber: this.shareNumber },
        secrets: { 'upload-secret': this.uploadSecret },
      });
      // 405: the server holds no such upload any more (it gave up on it): nothing is left to abort.
      if (response.status !== STATUS.ok && response.status !== STATUS.methodNotAllowed) throw this.connection.unexpected(`aborting share ${this.shareNumber}`, response);
    });
  }
}
