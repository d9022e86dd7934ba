import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { generateRecoveryKey, RecoveryKeyError } from './recovery-key';
import { RecoveryFormatError } from './format-error';
import { open, seal } from './sealed-box';

const plaintext = new TextEncoder().encode('{"files":[{"path":"holiday/beach.jpg"}]}');

describe('sealed box', () => {
  it('opens what it sealed, for both purposes and for empty and large contents', () => {
    const key = generateRecoveryKey();
    const large = randomBytes(1 << 20);
    expect(open(key, 'catalog', seal(key, 'catalog', plaintext))).toEqual(plaintext);
    expect(open(key, 'pointer', seal(key, 'pointer', new Uint8Array(0)))).toEqual(new Uint8Array(0));
    expect(Buffer.from(open(key, 'catalog', seal(key, 'catalog', large))).equals(large)).toBe(true);
  });

  it('starts with the header and uses a fresh nonce every time', () => {
    const key = generateRecoveryKey();
    const first = seal(key, 'catalog', plaintext);
    const second = seal(key, 'catalog', plaintext);
    expect(new TextDecoder().decode(first.subarray(0, 8))).toBe('RAICSEAL');
    expect([first[8], first[9]]).toEqual([1, 1]);
    expect(first.length).toBe(10 + 12 + plaintext.length + 16);
    expect(Buffer.from(first).equals(Buffer.from(second))).toBe(false);
    expect(Buffer.from(first).includes(Buffer.from(plaintext))).toBe(false);
  });

  it('refuses a wrong key with a message that reveals nothing else', () => {
    const sealed = seal(generateRecoveryKey(), 'catalog', plaintext);
    expect(() => open(generateRecoveryKey(), 'catalog', sealed)).toThrow(RecoveryKeyError);
    expect(() => open(generateRecoveryKey(), 'catalog', sealed)).toThrow(/the recovery key does not open it/);
  });

  it('detects any altered byte of nonce, ciphertext or tag', () => {
    const key = generateRecoveryKey();
    const sealed = seal(key, 'pointer', plaintext);
    for (let offset = 10; offset < sealed.length; offset++) {
      const altered = Uint8Array.from(sealed);
      altered[offset] ^= 0x01;
      expect(() => open(key, 'pointer', altered)).toThrow(RecoveryKeyError);
    }
    expect(() => open(key, 'pointer', sealed.subarray(0, sealed.length - 1))).toThrow(RecoveryKeyError);
  });

  it('refuses a box sealed for the other purpose', () => {
    const key = generateRecoveryKey();
    expect(() => open(key, 'catalog', seal(key, 'pointer', plaintext))).toThrow(RecoveryFormatError);
    const relabelled = seal(key, 'pointer', plaintext);
    relabelled[9] = 1;
    // Even with the purpose byte changed to match, the header is authenticated.
    expect(() => open(key, 'catalog', relabelled)).toThrow(RecoveryKeyError);
  });

  it('tells foreign bytes and newer formats from a wrong key', () => {
    const key = generateRecoveryKey();
    expect(() => open(key, 'catalog', new TextEncoder().encode('not sealed at all, just some text bytes'))).toThrow(/not a RAIC sealed object/);
    const newer = seal(key, 'catalog', plaintext);
    newer[8] = 2;
    const error = (() => {
      try {
        open(key, 'catalog', newer);
      } catch (caught) {
        return caught;
      }
    })();
    expect(error).toBeInstanceOf(RecoveryFormatError);
    expect((error as RecoveryFormatError).fromNewerRaic).toBe(true);
    expect((error as Error).message).toMatch(/update RAIC/);
  });
});
