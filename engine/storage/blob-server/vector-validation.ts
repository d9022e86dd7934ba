import type { ReadVector, TestAndWriteVectors } from '../types';
import { validateShareNumber } from './keys';

function offsetOk(value: unknown): boolean {
  return typeof value === 'number' && Number.isSafeInteger(value) && value >= 0;
}

export function validateReadVectors(vectors: ReadVector[]): void {
  if (!Array.isArray(vectors)) throw new TypeError('read vector must be an array');
  for (const v of vectors) {
    if (!offsetOk(v.offset) || !offsetOk(v.size)) throw new RangeError(`bad read vector: offset ${v.offset}, size ${v.size}`);
  }
}

export function validateTestAndWriteVectors(vectors: Map<number, TestAndWriteVectors>): void {
  if (!(vectors instanceof Map)) throw new TypeError('test-and-write vectors must be a Map of share number to vectors');
  for (const [shareNumber, v] of vectors) {
    validateShareNumber(shareNumber);
    for (const t of v.testVector) {
      if (!offsetOk(t.offset) || (t.size !== undefined && !offsetOk(t.size)) || !(t.specimen instanceof Uint8Array)) {
        throw new RangeError(`bad test vector for share ${shareNumber}: offset ${t.offset}`);
      }
    }
    for (const w of v.writeVector) {
      if (!offsetOk(w.offset) || !(w.data instanceof Uint8Array) || !offsetOk(w.offset + w.data.length)) {
        throw new RangeError(`bad write vector for share ${shareNumber}: offset ${w.offset}`);
      }
    }
    if (v.newLength != null && !offsetOk(v.newLength)) throw new RangeError(`bad new length for share ${shareNumber}: ${v.newLength}`);
  }
}
