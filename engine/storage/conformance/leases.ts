/**
 * Conformance group: leases. addLease and renewLease are separate
 * capabilities because GBS has only "add or renew" (PUT lease), so a GBS
 * client can pass the first and not offer the second.
 */
import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { LeaseNotFoundError, StorageIndexNotFoundError } from '../types';
import { secretsFor, storeShare } from './fixtures';
import { describeWhenSupported, type ConformanceHarness } from './harness';

export function leaseTests(harness: ConformanceHarness): void {
  const { open } = harness;
  describe('leases', () => {
    describeWhenSupported(harness, 'adding leases', ['addLease'], () => {
      it('adds or renews a lease on a storage index it holds, and refuses unknown ones and malformed secrets', async () => {
        const { server } = await open();
        const si = randomBytes(16);
        await storeShare(server, si, 0, randomBytes(10), 1);
        const other = secretsFor(50);
        await server.addLease!(si, other.renewSecret, other.cancelSecret);
        // The allocation's own secrets name the lease it made: that lease is renewed.
        await server.addLease!(si, secretsFor(1).renewSecret, secretsFor(1).cancelSecret);
        await expect(server.addLease!(randomBytes(16), other.renewSecret, other.cancelSecret)).rejects.toBeInstanceOf(StorageIndexNotFoundError);
        await expect(server.addLease!(si, new Uint8Array(3), other.cancelSecret)).rejects.toThrow(/renew secret/);
        await expect(server.addLease!(si, other.renewSecret, new Uint8Array(31))).rejects.toThrow(/cancel secret/);
      });
    });

    describeWhenSupported(harness, 'renewing leases', ['addLease', 'renewLease'], () => {
      it('adds and renews leases with Tahoe-LAFS semantics', async () => {
        const { server } = await open();
        const si = randomBytes(16);
        await storeShare(server, si, 0, randomBytes(10), 1);
        const other = secretsFor(50);
        // Renewing with a secret no lease has is an error; the allocation's secret works.
        await expect(server.renewLease!(si, other.renewSecret)).rejects.toBeInstanceOf(LeaseNotFoundError);
        await expect(server.renewLease!(si, other.renewSecret)).rejects.toThrow('no lease with that renew secret');
        await server.renewLease!(si, secretsFor(1).renewSecret);
        await server.addLease!(si, other.renewSecret, other.cancelSecret);
        await server.renewLease!(si, other.renewSecret);
        await expect(server.addLease!(randomBytes(16), other.renewSecret, other.cancelSecret)).rejects.toBeInstanceOf(StorageIndexNotFoundError);
        await expect(server.renewLease!(randomBytes(16), other.renewSecret)).rejects.toBeInstanceOf(LeaseNotFoundError);
        await expect(server.addLease!(si, new Uint8Array(3), other.cancelSecret)).rejects.toThrow(/renew secret/);
      });
    });
  });
}
