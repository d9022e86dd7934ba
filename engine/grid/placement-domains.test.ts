import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { permuteServers } from './permute';
import { planPlacement, spreadOverDomains } from './placement-plan';

/** Five local folders on one disk and two cloud logins, as in issue 17. */
const servers = [...['f1', 'f2', 'f3', 'f4', 'f5'].map((serverId) => ({ serverId })), { serverId: 's3' }, { serverId: 'dav' }];
const domainOf = (serverId: string) => (serverId.startsWith('f') ? 'disk:sda' : `login:${serverId}`);

function planFor(storageIndex: Uint8Array, withDomains: boolean) {
  const ordered = spreadOverDomains(permuteServers(servers, storageIndex), withDomains ? domainOf : undefined);
  return planPlacement(
    5,
    ordered.map((server) => ({ serverId: server.serverId, holds: new Set<number>(), writable: true })),
  );
}

describe('placement that prefers independent failure domains', () => {
  it('takes domains in turns, keeping the permuted order within each', () => {
    const order = spreadOverDomains([{ serverId: 'f1' }, { serverId: 'f2' }, { serverId: 's3' }, { serverId: 'f3' }, { serverId: 'dav' }], domainOf).map((s) => s.serverId);
    expect(order).toEqual(['f1', 's3', 'dav', 'f2', 'f3']);
    expect(spreadOverDomains([{ serverId: 'b' }, { serverId: 'a' }])).toEqual([{ serverId: 'b' }, { serverId: 'a' }]);
  });

  it('gives every new 3-of-5 file shares on both cloud accounts beside five folders on one disk', () => {
    let missedWithoutDomains = 0;
    for (let file = 0; file < 200; file++) {
      const storageIndex = randomBytes(16);
      const plan = planFor(storageIndex, true);
      expect(plan.happiness).toBe(5);
      expect(plan.toAllocate.get('s3')).toHaveLength(1);
      expect(plan.toAllocate.get('dav')).toHaveLength(1);
      const disk = [...plan.toAllocate].filter(([id]) => id.startsWith('f')).reduce((sum, [, shares]) => sum + shares.length, 0);
      expect(disk).toBe(3);
      const plain = planFor(storageIndex, false);
      if (!plain.toAllocate.has('s3') || !plain.toAllocate.has('dav')) missedWithoutDomains++;
    }
    // What the permuted order alone does: most files miss a cloud account.
    expect(missedWithoutDomains).toBeGreaterThan(50);
  });
});
