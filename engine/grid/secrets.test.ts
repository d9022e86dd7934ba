import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { storageIndexHash, taggedHash, taggedPairHash } from '../chk/tagged-hash';
import { bucketSecrets, leaseSeedOf } from './secrets';

const hex = (bytes: Uint8Array): string => Buffer.from(bytes).toString('hex');

describe('lease secrets', () => {
  it('derives with tagged SHA-256d over netstrings, as Tahoe-LAFS does (the CHK layer\'s hashes, checked there against its vectors)', () => {
    const value = new TextEncoder().encode('some value');
    const a = new Uint8Array(32).fill(1);
    const b = new Uint8Array(16).fill(2);
    // Spelled out: SHA-256d over netstring(tag) + value, and over netstring(tag) + netstring(a) + netstring(b).
    const inner = createHash('sha256').update('18:allmydata_test_tag,').update(value).digest();
    expect(hex(taggedHash('allmydata_test_tag', value))).toBe(createHash('sha256').update(inner).digest('hex'));
    const pairInner = createHash('sha256').update('32:allmydata_file_renewal_secret_v1,').update('32:').update(a).update(',16:').update(b).update(',').digest();
    expect(hex(taggedPairHash('allmydata_file_renewal_secret_v1', a, b))).toBe(createHash('sha256').update(pairInner).digest('hex'));
  });

  it('derives stable per-file, per-server lease secrets and a fresh upload secret', () => {
    const leaseSecret = new Uint8Array(32).fill(7);
    const si1 = storageIndexHash(new Uint8Array(16).fill(1));
    const si2 = storageIndexHash(new Uint8Array(16).fill(2));
    const first = bucketSecrets(leaseSecret, si1, 'server-a');
    const again = bucketSecrets(leaseSecret, si1, 'server-a');
    expect(hex(first.renewSecret)).toBe(hex(again.renewSecret));
    expect(hex(first.cancelSecret)).toBe(hex(again.cancelSecret));
    expect(hex(first.uploadSecret)).not.toBe(hex(again.uploadSecret));
    const all = [first, bucketSecrets(leaseSecret, si1, 'server-b'), bucketSecrets(leaseSecret, si2, 'server-a'), bucketSecrets(new Uint8Array(32), si1, 'server-a')];
    const renewals = new Set(all.map((s) => hex(s.renewSecret)));
    const cancels = new Set(all.map((s) => hex(s.cancelSecret)));
    expect(renewals.size).toBe(4);
    expect(cancels.size).toBe(4);
    expect(hex(first.renewSecret)).not.toBe(hex(first.cancelSecret));
    for (const s of all) for (const secret of [s.renewSecret, s.cancelSecret, s.uploadSecret]) expect(secret).toHaveLength(32);
    expect(leaseSeedOf('server-a')).toHaveLength(20);
    // The chain, spelled out: client secret -> file secret -> bucket secret.
    const client = taggedHash(leaseSecret, new TextEncoder().encode('allmydata_client_renewal_secret_v1'));
    const file = taggedPairHash('allmydata_file_renewal_secret_v1', client, si1);
    expect(hex(first.renewSecret)).toBe(hex(taggedPairHash('allmydata_bucket_renewal_secret_v1', file, leaseSeedOf('server-a'))));
  });
  it('gives the same secrets when lease secrets alternate, and a caller changing its array afterwards does not leak into the next call', () => {
    const si = new Uint8Array(16).fill(9);
    const a = new Uint8Array(32).fill(1);
    const b = new Uint8Array(32).fill(2);
    const fromA = hex(bucketSecrets(a, si, 's').renewSecret);
    const fromB = hex(bucketSecrets(b, si, 's').renewSecret);
    expect(fromB).not.toBe(fromA);
    expect(hex(bucketSecrets(a, si, 's').renewSecret)).toBe(fromA);
    const reused = new Uint8Array(a);
    bucketSecrets(reused, si, 's');
    reused.fill(2);
    expect(hex(bucketSecrets(reused, si, 's').renewSecret)).toBe(fromB);
    // Worked out from the definition, without anything remembered.
    const clientRenewal = taggedHash(a, new TextEncoder().encode('allmydata_client_renewal_secret_v1'));
    const file = taggedPairHash('allmydata_file_renewal_secret_v1', clientRenewal, si);
    expect(fromA).toBe(hex(taggedPairHash('allmydata_bucket_renewal_secret_v1', file, leaseSeedOf('s'))));
  });

  it('gives every file its own secrets after many files, and a caller changing its storage index afterwards does not leak into the next call', () => {
    const leaseSecret = new Uint8Array(32).fill(3);
    const fromDefinition = (si: Uint8Array, server: string): string => {
      const client = taggedHash(leaseSecret, new TextEncoder().encode('allmydata_client_cancel_secret_v1'));
      const file = taggedPairHash('allmydata_file_cancel_secret_v1', client, si);
      return hex(taggedPairHash('allmydata_bucket_cancel_secret_v1', file, leaseSeedOf(server)));
    };
    // More files than are remembered, each asked for by several servers, then the first again.
    const indexes = Array.from({ length: 40 }, (_, i) => new Uint8Array(16).fill(i + 1));
    for (const si of [...indexes, indexes[0]]) {
      for (const server of ['s1', 's2', 's3']) expect(hex(bucketSecrets(leaseSecret, si, server).cancelSecret)).toBe(fromDefinition(si, server));
    }
    const reused = new Uint8Array(16).fill(7);
    bucketSecrets(leaseSecret, reused, 's1');
    reused.fill(8);
    expect(hex(bucketSecrets(leaseSecret, reused, 's1').cancelSecret)).toBe(fromDefinition(new Uint8Array(16).fill(8), 's1'));
  });

  it('hands out a different upload secret every time, also across refills of its random pool', () => {
    const si = new Uint8Array(16).fill(5);
    const seen = new Set<string>();
    for (let i = 0; i < 300; i++) seen.add(hex(bucketSecrets(new Uint8Array(32), si, 's').uploadSecret));
    expect(seen.size).toBe(300);
  });
});
