/**
 * Request bodies of the GBS endpoints that take CBOR: how the client builds
 * them and how the server checks them (spec CDDL for "POST
 * /storage/v1/immutable/:storage_index", ".../corrupt" and
 * "read-test-write").
 */
import type { ReadVector, TestAndWriteVectors } from '../types';
import { array, byteString, closedMap, MessageShapeError, shareNumber, shareNumberSet, textString, uint } from './message-checks';

export interface AllocateMessage {
  shareNumbers: number[];
  allocatedSize: number;
}

export function allocateMessage(message: AllocateMessage): Map<string, unknown> {
  return new Map<string, unknown>([
    ['share-numbers', new Set(message.shareNumbers)],
    ['allocated-size', message.allocatedSize],
  ]);
}

export function readAllocateMessage(value: unknown): AllocateMessage {
  const map = closedMap(value, 'the allocation request', ['share-numbers', 'allocated-size']);
  return { shareNumbers: shareNumberSet(map.get('share-numbers'), '"share-numbers"'), allocatedSize: uint(map.get('allocated-size'), '"allocated-size"') };
}

/** `reason: tstr .size (1..32765)`: the size counts UTF-8 bytes, so the encoded message stays under 32 KiB. */
export const MAX_REASON_BYTES = 32765;

/** Fits any text to the spec's reason limits (never empty, cut at a character boundary). */
export function fitReason(reason: string): string {
  let text = reason.length > 0 ? reason : '(no reason given)';
  while (Buffer.byteLength(text, 'utf8') > MAX_REASON_BYTES) text = text.slice(0, Math.floor(text.length * 0.9));
  return text;
}

export function corruptMessage(reason: string): Map<string, unknown> {
  return new Map([['reason', fitReason(reason)]]);
}

export function readCorruptMessage(value: unknown): string {
  const reason = textString(closedMap(value, 'the corruption report', ['reason']).get('reason'), '"reason"');
  const bytes = Buffer.byteLength(reason, 'utf8');
  if (bytes < 1 || bytes > MAX_REASON_BYTES) throw new MessageShapeError(`"reason" must be 1 to ${MAX_REASON_BYTES} bytes of UTF-8, not ${bytes}`);
  return reason;
}

/** The spec bounds both vector lists at 30 entries and the share count at 256. */
const MAX_VECTORS = 30;

export interface ReadTestWriteMessage {
  testAndWriteVectors: Map<number, TestAndWriteVectors>;
  readVector: ReadVector[];
}

export function readTestWriteMessage(message: ReadTestWriteMessage): Map<string, unknown> {
  const perShare = new Map<number, unknown>();
  for (const [n, vectors] of message.testAndWriteVectors) {
    perShare.set(
      n,
      new Map<string, unknown>([
        ['test', vectors.testVector.map((t) => new Map<string, unknown>([['offset', t.offset], ['size', t.size ?? t.specimen.length], ['specimen', t.specimen]]))],
        ['write', vectors.writeVector.map((w) => new Map<string, unknown>([['offset', w.offset], ['data', w.data]]))],
        ['new-length', vectors.newLength ?? null],
      ]),
    );
  }
  return new Map<string, unknown>([
    ['test-write-vectors', perShare],
    ['read-vector', message.readVector.map((r) => new Map([['offset', r.offset], ['size', r.size]]))],
  ]);
}

function readVectors(value: unknown, where: string): ReadVector[] {
  return array(value, where, MAX_VECTORS).map((entry, i) => {
    const map = closedMap(entry, `${where}[${i}]`, ['offset', 'size']);
    return { offset: uint(map.get('offset'), `${where}[${i}].offset`), size: uint(map.get('size'), `${where}[${i}].size`) };
  });
}

function shareVectors(value: unknown, where: string): TestAndWriteVectors {
  const map = closedMap(value, where, ['test', 'write', 'new-length']);
  const testVector = array(map.get('test'), `${where}.test`, MAX_VECTORS).map((entry, i) => {
    const test = closedMap(entry, `${where}.test[${i}]`, ['offset', 'size', 'specimen']);
    return {
      offset: uint(test.get('offset'), `${where}.test[${i}].offset`),
      size: uint(test.get('size'), `${where}.test[${i}].size`),
      specimen: byteString(test.get('specimen'), `${where}.test[${i}].specimen`),
    };
  });
  const writeVector = array(map.get('write'), `${where}.write`).map((entry, i) => {
    const write = closedMap(entry, `${where}.write[${i}]`, ['offset', 'data']);
    return { offset: uint(write.get('offset'), `${where}.write[${i}].offset`), data: byteString(write.get('data'), `${where}.write[${i}].data`) };
  });
  const rawLength = map.get('new-length');
  const newLength = rawLength === null ? null : uint(rawLength, `${where}["new-length"]`);
  return { testVector, writeVector, newLength };
}

export function readReadTestWriteMessage(value: unknown): ReadTestWriteMessage {
  const map = closedMap(value, 'the read-test-write request', ['test-write-vectors', 'read-vector']);
  const perShare = map.get('test-write-vectors');
  if (!(perShare instanceof Map)) throw new MessageShapeError('"test-write-vectors" must be a map from share numbers');
  if (perShare.size > 256) throw new MessageShapeError(`"test-write-vectors" names ${perShare.size} shares; at most 256 are allowed`);
  const testAndWriteVectors = new Map<number, TestAndWriteVectors>();
  for (const [key, vectors] of perShare) {
    const n = shareNumber(key, 'a "test-write-vectors" key');
    testAndWriteVectors.set(n, shareVectors(vectors, `share ${n}'s vectors`));
  }
  return { testAndWriteVectors, readVector: readVectors(map.get('read-vector'), '"read-vector"') };
}
