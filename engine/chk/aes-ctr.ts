/**
 * AES-128-CTR as Tahoe-LAFS uses it: the whole file is one CTR stream whose
 * 128-bit big-endian counter starts at zero. A stream can start at any byte
 * offset, which is what ranged downloads need.
 */
import { createCipheriv, type Cipher } from 'node:crypto';

const AES_BLOCK = 16;

/**
 * A keystream applier positioned at `offset`. Encryption and decryption are the
 * same operation; call `apply` on consecutive pieces of the file in order.
 */
export class CtrStream {
  private readonly cipher: Cipher;

  constructor(key: Uint8Array, offset = 0) {
    if (key.length !== 16) throw new RangeError(`AES-128 key must be 16 bytes, got ${key.length}`);
    const blockIndex = Math.floor(offset / AES_BLOCK);
    const iv = Buffer.alloc(AES_BLOCK);
    // Counter = offset / 16 as a big-endian 128-bit integer; files stay far below 2^53.
    iv.writeUInt32BE(Math.floor(blockIndex / 2 ** 32), 8);
    iv.writeUInt32BE(blockIndex % 2 ** 32, 12);
    this.cipher = createCipheriv('aes-128-ctr', key, iv);
    const skip = offset % AES_BLOCK;
    if (skip > 0) this.cipher.update(Buffer.alloc(skip));
  }

  apply(data: Uint8Array): Uint8Array {
    return this.cipher.update(data);
  }
}
