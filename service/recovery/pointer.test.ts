import { describe, expect, it } from 'vitest';
import { formatCap, literalCap } from '../../engine/chk';
import { RecoveryFormatError } from './format-error';
import { openPointer, pointerName, sealPointer, succeedingPointer, type CatalogEntry } from './pointer';
import { generateRecoveryKey, recoveryKeyId, RecoveryKeyError } from './recovery-key';
import { seal } from './sealed-box';

/** Distinct valid read caps; literal caps keep the test away from the grid. */
const capOf = (n: number): string => formatCap(literalCap(new TextEncoder().encode(`catalog ${n}`)));
const entry = (seq: number): CatalogEntry => ({ seq, catalogCap: capOf(seq), createdAt: 1000 + seq });

describe('recovery pointer', () => {
  it('is named after the key id', () => {
    const key = generateRecoveryKey();
    expect(pointerName(key)).toBe(`pointer-${recoveryKeyId(key)}`);
  });

  it('round-trips through its sealed form, and only the key opens it', () => {
    const key = generateRecoveryKey();
    const pointer = { ...entry(4), previous: [entry(3), entry(1)] };
    const sealed = sealPointer(key, pointer);
    expect(openPointer(key, sealed)).toEqual(pointer);
    expect(() => openPointer(generateRecoveryKey(), sealed)).toThrow(RecoveryKeyError);
  });

  it('reads a pointer without older catalogs', () => {
    const key = generateRecoveryKey();
    const minimal = { format: 'raic-recovery-pointer', version: 1, ...entry(2) };
    expect(openPointer(key, seal(key, 'pointer', new TextEncoder().encode(JSON.stringify(minimal))))).toEqual({ ...entry(2), previous: [] });
  });

  it('refuses contents that are not a pointer, and marks ones from a newer RAIC', () => {
    const key = generateRecoveryKey();
    const sealJson = (value: unknown) => seal(key, 'pointer', new TextEncoder().encode(JSON.stringify(value)));
    expect(() => openPointer(key, seal(key, 'pointer', new TextEncoder().encode('not json')))).toThrow(RecoveryFormatError);
    expect(() => openPointer(key, sealJson({ format: 'raic-recovery-pointer', version: 1, seq: -1, catalogCap: capOf(1), createdAt: 0 }))).toThrow(
      RecoveryFormatError,
    );
    expect(() => openPointer(key, sealJson({ format: 'raic-recovery-pointer', version: 1, seq: 1, catalogCap: 'URI:nonsense', createdAt: 0 }))).toThrow(
      RecoveryFormatError,
    );
    try {
      openPointer(key, sealJson({ format: 'raic-recovery-pointer', version: 2, seq: 1 }));
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(RecoveryFormatError);
      expect((error as RecoveryFormatError).fromNewerRaic).toBe(true);
    }
  });

  it('keeps the three latest older catalogs when it moves on', () => {
    let pointer = succeedingPointer(undefined, entry(1));
    expect(pointer.previous).toEqual([]);
    for (let seq = 2; seq <= 6; seq++) pointer = succeedingPointer(pointer, entry(seq));
    expect(pointer).toEqual({ ...entry(6), previous: [entry(5), entry(4), entry(3)] });
  });

  it('does not list the new catalog, or anything not older, among the previous ones', () => {
    const current = { ...entry(5), previous: [entry(4)] };
    expect(succeedingPointer(current, entry(5)).previous).toEqual([entry(4)]);
    expect(succeedingPointer(current, { ...entry(5), catalogCap: capOf(50) }).previous).toEqual([entry(4)]);
  });
});
