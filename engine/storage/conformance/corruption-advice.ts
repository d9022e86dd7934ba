/**
 * Conformance group: corruption advice. Clients report shares that failed
 * their hash checks; the server keeps the reports for its owner to list.
 */
import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { base32Encode } from '../../chk/base32';
import { storeShare } from './fixtures';
import { describeWhenSupported, type ConformanceHarness } from './harness';
import { bytes, slotSecrets, vectors } from './slot-fixtures';

export function corruptionAdviceTests(harness: ConformanceHarness): void {
  const { open } = harness;
  describe('corruption advice', () => {
    it('records corruption advisories that can be listed', async () => {
      const made = await open();
      const si = randomBytes(16);
      expect(await made.listAdvisories()).toEqual([]);
      await storeShare(made.server, si, 4, randomBytes(100));
      await storeShare(made.server, si, 7, randomBytes(100));
      await made.server.adviseCorruptShare(si, 4, 'block hash mismatch in segment 2');
      await made.server.adviseCorruptShare(si, 7, 'bad UEB');
      const advisories = await made.listAdvisories();
      expect(advisories.map((a) => [a.storageIndex, a.shareNumber, a.reason])).toEqual([
        [base32Encode(si), 4, 'block hash mismatch in segment 2'],
        [base32Encode(si), 7, 'bad UEB'],
      ]);
      for (const advisory of advisories) expect(Date.parse(advisory.time)).not.toBeNaN();
    });

    describeWhenSupported(harness, 'about shares the server lacks', ['dropsAdviceForSharesItLacks'], () => {
      it('drops claims about immutable shares it does not hold, as Tahoe-LAFS does', async () => {
        const made = await open();
        const si = randomBytes(16);
        await storeShare(made.server, si, 1, randomBytes(10));
        await made.server.adviseCorruptShare(si, 2, 'a share number it lacks');
        await made.server.adviseCorruptShare(randomBytes(16), 1, 'a storage index it lacks');
        await made.server.adviseCorruptShare(si, 1, 'held');
        expect((await made.listAdvisories()).map((a) => [a.shareNumber, a.reason])).toEqual([[1, 'held']]);
      });
    });

    describeWhenSupported(harness, 'on mutable shares', ['mutableSlots'], () => {
      it('takes corruption advisories for mutable shares', async () => {
        const made = await open();
        const si = randomBytes(16);
        await made.server.slotTestvAndReadvAndWritev!(si, slotSecrets, vectors([[2, { writeVector: [{ offset: 0, data: bytes('x') }] }]]), []);
        await made.server.adviseCorruptMutableShare!(si, 2, 'bad signature');
        // Claims about shares the server does not hold are dropped, as in Tahoe-LAFS.
        await made.server.adviseCorruptMutableShare!(si, 3, 'not here');
        expect((await made.listAdvisories()).map((a) => [a.shareNumber, a.reason])).toEqual([[2, 'bad signature']]);
      });
    });
  });
}
