/**
 * rclone's encrypted configuration file, written directly, so the remote's
 * secrets never exist on disk in plain text (rclone 1.60 has no command that
 * encrypts a new config without first writing it in the clear).
 *
 * The format (rclone fs/config/crypt.go, version 0): the key is
 * SHA-256("[" + password + "][rclone-config]"); the content is sealed with
 * NaCl secretbox (XSalsa20 + Poly1305) under a random 24-byte nonce; the file
 * is a comment line, a blank line, `RCLONE_ENCRYPT_V0:` and the base64 of
 * nonce || tag || ciphertext. Node's crypto has neither XSalsa20 nor a bare
 * Poly1305, hence the small implementation below; the tests check it by
 * having rclone itself read what it writes.
 */
import { createHash, randomBytes } from 'node:crypto';

const SIGMA = [0x61707865, 0x3320646e, 0x79622d32, 0x6b206574];

function rotl(value: number, shift: number): number {
  return (value << shift) | (value >>> (32 - shift));
}

function quarterRound(x: Uint32Array, a: number, b: number, c: number, d: number): void {
  x[b]! ^= rotl((x[a]! + x[d]!) | 0, 7);
  x[c]! ^= rotl((x[b]! + x[a]!) | 0, 9);
  x[d]! ^= rotl((x[c]! + x[b]!) | 0, 13);
  x[a]! ^= rotl((x[d]! + x[c]!) | 0, 18);
}

/** Twenty Salsa20 rounds over `state`, in place. */
function salsaRounds(x: Uint32Array): void {
  for (let round = 0; round < 20; round += 2) {
    quarterRound(x, 0, 4, 8, 12);
    quarterRound(x, 5, 9, 13, 1);
    quarterRound(x, 10, 14, 2, 6);
    quarterRound(x, 15, 3, 7, 11);
    quarterRound(x, 0, 1, 2, 3);
    quarterRound(x, 5, 6, 7, 4);
    quarterRound(x, 10, 11, 8, 9);
    quarterRound(x, 15, 12, 13, 14);
  }
}

function words(bytes: Uint8Array): Uint32Array {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  return Uint32Array.from({ length: bytes.byteLength / 4 }, (_, i) => view.getUint32(i * 4, true));
}

/** The Salsa20 input block: constants, the key, and 16 bytes of nonce and counter. */
function initialState(key: Uint8Array, sixteen: Uint8Array): Uint32Array {
  const k = words(key);
  const n = words(sixteen);
  return Uint32Array.from([SIGMA[0]!, k[0]!, k[1]!, k[2]!, k[3]!, SIGMA[1]!, n[0]!, n[1]!, n[2]!, n[3]!, SIGMA[2]!, k[4]!, k[5]!, k[6]!, k[7]!, SIGMA[3]!]);
}

/** HSalsa20: the subkey XSalsa20 derives from the key and the nonce's first 16 bytes. */
function hsalsa20(key: Uint8Array, nonce16: Uint8Array): Uint8Array {
  const x = initialState(key, nonce16);
  salsaRounds(x);
  const out = new Uint8Array(32);
  const view = new DataView(out.buffer);
  [0, 5, 10, 15, 6, 7, 8, 9].forEach((index, i) => view.setUint32(i * 4, x[index]!, true));
  return out;
}

/** `length` bytes of Salsa20 key stream for `key` and an 8-byte nonce, from block 0. */
function salsa20Stream(key: Uint8Array, nonce8: Uint8Array, length: number): Uint8Array {
  const out = new Uint8Array(Math.ceil(length / 64) * 64);
  const view = new DataView(out.buffer);
  const input = new Uint8Array(16);
  input.set(nonce8, 0);
  for (let block = 0; block * 64 < length; block++) {
    new DataView(input.buffer).setUint32(8, block >>> 0, true);
    new DataView(input.buffer).setUint32(12, Math.floor(block / 2 ** 32), true);
    const start = initialState(key, input);
    const x = Uint32Array.from(start);
    salsaRounds(x);
    for (let i = 0; i < 16; i++) view.setUint32(block * 64 + i * 4, (x[i]! + start[i]!) >>> 0, true);
  }
  return out.subarray(0, length);
}

function littleEndian(bytes: Uint8Array): bigint {
  let value = 0n;
  for (let i = bytes.length - 1; i >= 0; i--) value = (value << 8n) | BigInt(bytes[i]!);
  return value;
}

/** Poly1305 one-time authenticator (RFC 8439, section 2.5). BigInt is plenty for a config file. */
function poly1305(oneTimeKey: Uint8Array, message: Uint8Array): Uint8Array {
  const p = (1n << 130n) - 5n;
  const r = littleEndian(oneTimeKey.subarray(0, 16)) & 0x0ffffffc0ffffffc0ffffffc0fffffffn;
  const s = littleEndian(oneTimeKey.subarray(16, 32));
  let accumulator = 0n;
  for (let offset = 0; offset < message.length; offset += 16) {
    const chunk = message.subarray(offset, offset + 16);
    accumulator = ((accumulator + littleEndian(chunk) + (1n << BigInt(8 * chunk.length))) * r) % p;
  }
  let tag = (accumulator + s) & ((1n << 128n) - 1n);
  const out = new Uint8Array(16);
  for (let i = 0; i < 16; i++) {
    out[i] = Number(tag & 0xffn);
    tag >>= 8n;
  }
  return out;
}

/** NaCl secretbox: tag || ciphertext of `message` under a 32-byte key and a 24-byte nonce. */
export function secretboxSeal(message: Uint8Array, nonce: Uint8Array, key: Uint8Array): Uint8Array {
  if (nonce.length !== 24 || key.length !== 32) throw new Error('secretbox needs a 24-byte nonce and a 32-byte key');
  const subkey = hsalsa20(key, nonce.subarray(0, 16));
  const stream = salsa20Stream(subkey, nonce.subarray(16, 24), 32 + message.length);
  const ciphertext = new Uint8Array(message.length);
  for (let i = 0; i < message.length; i++) ciphertext[i] = message[i]! ^ stream[32 + i]!;
  const tag = poly1305(stream.subarray(0, 32), ciphertext);
  const out = new Uint8Array(16 + message.length);
  out.set(tag, 0);
  out.set(ciphertext, 16);
  return out;
}

/** The key rclone derives from a configuration password. */
export function rcloneConfigKey(password: string): Uint8Array {
  return createHash('sha256').update(`[${password}][rclone-config]`).digest();
}

/** The text of an encrypted rclone configuration file holding `plainConfig`. */
export function encryptRcloneConfig(plainConfig: string, password: string, nonce: Uint8Array = randomBytes(24)): string {
  const sealed = secretboxSeal(new TextEncoder().encode(plainConfig), nonce, rcloneConfigKey(password));
  const box = new Uint8Array(24 + sealed.length);
  box.set(nonce, 0);
  box.set(sealed, 24);
  return `# Encrypted rclone configuration File\n\nRCLONE_ENCRYPT_V0:\n${Buffer.from(box).toString('base64')}\n`;
}

/** The message inside a NaCl secretbox (tag || ciphertext), or undefined when the tag does not match. */
export function secretboxOpen(box: Uint8Array, nonce: Uint8Array, key: Uint8Array): Uint8Array | undefined {
  if (nonce.length !== 24 || key.length !== 32 || box.length < 16) return undefined;
  const subkey = hsalsa20(key, nonce.subarray(0, 16));
  const ciphertext = box.subarray(16);
  const stream = salsa20Stream(subkey, nonce.subarray(16, 24), 32 + ciphertext.length);
  const expected = poly1305(stream.subarray(0, 32), ciphertext);
  let difference = 0;
  for (let i = 0; i < 16; i++) difference |= expected[i]! ^ box[i]!;
  if (difference !== 0) return undefined;
  const message = new Uint8Array(ciphertext.length);
  for (let i = 0; i < ciphertext.length; i++) message[i] = ciphertext[i]! ^ stream[32 + i]!;
  return message;
}

/**
 * The plain text of an encrypted rclone configuration file (as rclone
 * rewrites it after refreshing a token); throws when the file is not one or
 * the password does not open it. The text is returned to the caller only,
 * never written anywhere.
 */
export function decryptRcloneConfig(fileText: string, password: string): string {
  const lines = fileText.split(/\r?\n/).filter((line) => line.trim() !== '' && !line.startsWith('#'));
  if (lines[0]?.trim() !== 'RCLONE_ENCRYPT_V0:') throw new Error('the rclone config file is not encrypted');
  const box = Buffer.from(lines.slice(1).join(''), 'base64');
  if (box.length < 24 + 16) throw new Error('the encrypted rclone config file is cut short');
  const message = secretboxOpen(box.subarray(24), box.subarray(0, 24), rcloneConfigKey(password));
  if (!message) throw new Error('the rclone config file does not open with its password');
  return new TextDecoder().decode(message);
}

/** The options of section `[name]` in rclone config text (key = value lines). */
export function sectionOptions(configText: string, name: string): Record<string, string> | undefined {
  let inSection = false;
  let found: Record<string, string> | undefined;
  for (const raw of configText.split(/\r?\n/)) {
    const line = raw.trim();
    const header = /^\[(.*)\]$/.exec(line);
    if (header) {
      inSection = header[1] === name;
      if (inSection) found = {};
      continue;
    }
    if (!inSection || line === '' || line.startsWith('#') || line.startsWith(';')) continue;
    const equals = line.indexOf('=');
    if (equals > 0) found![line.slice(0, equals).trim()] = line.slice(equals + 1).trim();
  }
  return found;
}
