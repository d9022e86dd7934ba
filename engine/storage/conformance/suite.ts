/**
 * The StorageServer conformance suite: Vitest tests of Tahoe-LAFS storage
 * semantics, registered for any implementation given a factory and the
 * capabilities it lacks. Every StorageServer in the engine runs it (see the
 * conformance.test.ts beside each server).
 *
 * To add a group: write `<group>.ts` exporting `(harness) => void`, wrap
 * tests that need an optional feature in describeWhenSupported with a new
 * Capability, and list the group in GROUPS below.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { METHODS_OF_CAPABILITY, type Capability, type MissingCapabilities } from './capabilities';
import { corruptionAdviceTests } from './corruption-advice';
import { CHUNK } from './fixtures';
import type { ConformanceFactory, ConformanceHarness, ConformanceServer } from './harness';
import { immutableShareTests } from './immutable-shares';
import { leaseTests } from './leases';
import { mutableSlotTests } from './mutable-slots';
import { openShareTests } from './open-share';

export type { Capability, MissingCapabilities } from './capabilities';
export type { ConformanceFactory, ConformanceFactoryOptions, ConformanceServer } from './harness';

const GROUPS: ((harness: ConformanceHarness) => void)[] = [immutableShareTests, corruptionAdviceTests, leaseTests, mutableSlotTests, openShareTests];

/**
 * Registers the suite for one server. `missing` names each capability the
 * server lacks with the reason; tests needing it show up as skipped with
 * that reason.
 */
export function registerStorageServerConformance(label: string, factory: ConformanceFactory, missing: MissingCapabilities = {}): void {
  describe(`StorageServer conformance: ${label}`, () => {
    const opened: ConformanceServer[] = [];
    const harness: ConformanceHarness = {
      missing,
      async open(options) {
        const made = await factory({ chunkSize: CHUNK, ...options });
        opened.push(made);
        return made;
      },
    };
    afterEach(async () => {
      await Promise.all(opened.splice(0).map((made) => made.cleanup()));
    });

    it('offers exactly the optional methods its capabilities promise', async () => {
      const { server } = await harness.open();
      for (const [capability, methods] of Object.entries(METHODS_OF_CAPABILITY) as [Capability, string[]][]) {
        const expected = missing[capability] === undefined;
        for (const method of methods) expect({ capability, method, offered: typeof (server as unknown as Record<string, unknown>)[method] === 'function' }).toEqual({ capability, method, offered: expected });
      }
    });

    for (const group of GROUPS) group(harness);
  });
}
