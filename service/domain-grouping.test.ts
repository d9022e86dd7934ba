/** The user's corrections of failure domains, and the shared risk per domain, without the filesystem: logins only. */
import { describe, expect, it } from 'vitest';
import { effectiveFailureDomains, failureDomainsOf, type GroupedAccount } from './failure-domains';
import { modelRisks } from './domain-risks';

const webdav = (id: string, username: string, failureDomain?: GroupedAccount['failureDomain']): GroupedAccount => ({
  id,
  name: id.toUpperCase(),
  provider: 'webdav',
  settings: { url: 'https://dav.example.org/remote.php', username },
  ...(failureDomain ? { failureDomain } : {}),
});

describe('failure domains with the user corrections', () => {
  it('groups by login when nothing is corrected', () => {
    const domains = failureDomainsOf([webdav('a', 'ann'), webdav('b', 'ann'), webdav('c', 'bob')]);
    expect(domains.map((d) => d.accountIds)).toEqual([['a', 'b'], ['c']]);
  });

  it('moves an account into another one\'s domain, or into one of its own', () => {
    const accounts = [webdav('a', 'ann'), webdav('b', 'ann', { own: true }), webdav('c', 'bob', { sameAs: 'a' })];
    const effective = effectiveFailureDomains(accounts);
    expect(effective.get('a')).toMatchObject({ setByUser: false });
    expect(effective.get('b')).toEqual({ domain: { id: 'own:b', name: 'the login of "B"', kind: 'login' }, setByUser: true });
    expect(effective.get('c')).toEqual({ domain: effective.get('a')!.domain, setByUser: true });
    expect(failureDomainsOf(accounts).map((d) => d.accountIds)).toEqual([['a', 'c'], ['b']]);
  });

  it('follows a chain of corrections, and ignores one naming a missing account or going round in a circle', () => {
    const chain = effectiveFailureDomains([webdav('a', 'ann'), webdav('b', 'bob', { sameAs: 'c' }), webdav('c', 'cid', { sameAs: 'a' })]);
    expect(chain.get('b')!.domain.id).toBe(chain.get('a')!.domain.id);
    const missing = effectiveFailureDomains([webdav('a', 'ann', { sameAs: 'gone' }), webdav('b', 'bob')]);
    expect(missing.get('a')).toMatchObject({ setByUser: false });
    const circle = effectiveFailureDomains([webdav('a', 'ann', { sameAs: 'b' }), webdav('b', 'bob', { sameAs: 'a' })]);
    // One of the two keeps its detected domain and the other joins it: they end up together, nothing loops.
    expect(circle.get('a')!.domain.id).toBe(circle.get('b')!.domain.id);
  });
});

describe('the shared risk per domain', () => {
  const risks = [
    { id: 'a', name: 'A', kind: 'webdav', lossProbability: 0.01, availability: 0.99 },
    { id: 'b', name: 'B', kind: 'webdav', lossProbability: 0.02, availability: 0.995 },
  ];
  const domain = { id: 'login:x', name: 'the login', kind: 'login' };

  it('estimates it from the accounts when the user set nothing', () => {
    const model = modelRisks(risks, () => domain, {});
    expect(model.domains).toHaveLength(1);
    expect(model.domains[0].lossProbability).toBeCloseTo(0.008, 12);
  });

  it('uses the figures the user set, keeping each account\'s whole risk where it can', () => {
    const model = modelRisks(risks, () => domain, { 'login:x': { lossProbability: 0.015 } });
    expect(model.domains[0].lossProbability).toBe(0.015);
    // Account a's whole risk (1%) is below the shared 1.5%: no own part left.
    expect(model.accounts[0].lossProbability).toBe(0);
    const b = model.accounts[1];
    expect(1 - (1 - 0.015) * (1 - b.lossProbability)).toBeCloseTo(0.02, 12);
    // Availability not set: still the estimate.
    expect(model.domains[0].availability).toBeCloseTo(1 - 0.8 * 0.005, 12);
  });

  it('ignores figures for a domain holding one account only', () => {
    const model = modelRisks(risks.slice(0, 1), () => domain, { 'login:x': { lossProbability: 0.5 } });
    expect(model.domains).toEqual([]);
    expect(model.accounts[0].lossProbability).toBe(0.01);
  });
});
