import type { ByteSource } from '../chk/api';
import type { StorageServer } from '../storage/types';
import { downloadFile } from './download';

export interface DownloadByteSource extends ByteSource {
  /** Stops the download in progress, if any. */
  close(): Promise<void>;
}

/**
 * A file in the grid as a ByteSource, for re-encoding during repair. Reads
 * that continue where the previous one ended are served from one streaming
 * download; a read elsewhere starts a new download at that offset.
 */
export function downloadByteSource(servers: readonly StorageServer[], cap: string, size: number): DownloadByteSource {
  let stream: AsyncIterator<Uint8Array> | undefined;
  let position = 0;
  let leftover: Uint8Array = new Uint8Array(0);

  const stop = async (): Promise<void> => {
    const current = stream;
    stream = undefined;
    leftover = new Uint8Array(0);
    await current?.return?.();
  };

  return {
    size,
    async read(offset, length) {
      if (offset < 0 || length < 0 || offset + length > size) throw new RangeError(`read of ${length} bytes at ${offset} is outside the ${size}-byte file`);
      if (!stream || offset !== position) {
        await stop();
        stream = downloadFile(servers, cap, { offset })[Symbol.asyncIterator]();
        position = offset;
      }
      const out = new Uint8Array(length);
      let filled = 0;
      while (filled < length) {
        if (leftover.length === 0) {
          const next = await stream.next();
          if (next.done) throw new Error(`download ended early at byte ${position + filled} of ${size}`);
          leftover = next.value;
          continue;
        }
        const take = Math.min(leftover.length, length - filled);
        out.set(leftover.subarray(0, take), filled);
        leftover = leftover.subarray(take);
        filled += take;
      }
      position = offset + length;
      return out;
    },
    close: stop,
  };
}
