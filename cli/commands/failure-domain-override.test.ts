/**
 * Issue 17: the user corrects the detected failure domains through
 * `raic account edit` (same disk as another account, independent, back to
 * detected) and sets the shared risk of a domain; `account list --json` and
 * `raic robustness --json` follow, and grid.json keeps the choices.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, it } from 'vitest';
import type { AccountSummary, GridRobustnessReport } from '../../shared/api';
import { runCaptured, useTempRoot } from '../test-support/run-captured';
import { run as account } from './account';
import { run as robustness } from './robustness';

const temp = useTempRoot('domain-override');

async function accounts(): Promise<Map<string, AccountSummary>> {
  const run = await runCaptured(account, ['list', '--json'], { dataDir: temp.dataDir });
  expect(run.code).toBe(0);
  return new Map((JSON.parse(run.stdout) as AccountSummary[]).map((a) => [a.name, a]));
}

async function report(): Promise<GridRobustnessReport> {
  const run = await runCaptured(robustness, ['--json'], { dataDir: temp.dataDir });
  expect(run.code).toBe(0);
  return JSON.parse(run.stdout) as GridRobustnessReport;
}

const edit = (...args: string[]) => runCaptured(account, ['edit', ...args], { dataDir: temp.dataDir });

it('moves an account out of its detected domain and back, and the figures follow', async () => {
  const before = await accounts();
  const fifth = before.get('Local folder 5')!;
  expect(fifth.failureDomain).toMatchObject({ source: 'detected' });
  expect(fifth.failureDomain?.sharedWith?.map((o) => o.name).sort()).toEqual(['Local folder 1', 'Local folder 2', 'Local folder 3', 'Local folder 4']);
  expect(fifth.failureDomain?.sharedRisk).toMatchObject({ setByUser: false });
  const detectedId = fifth.failureDomain!.id;
  expect((await report()).failureDomains).toHaveLength(1);

  const own = await edit('Local folder 5', '--own-domain');
  expect(own.code).toBe(0);
  expect(own.stdout).toMatch(/failure domain: +the disk of "Local folder 5" \(set by you, no other account\)/);
  const split = await accounts();
  expect(split.get('Local folder 5')!.failureDomain).toMatchObject({ id: `own:${fifth.id}`, source: 'user', override: { own: true }, sharedWith: [] });
  expect(split.get('Local folder 1')!.failureDomain).toMatchObject({ id: detectedId, source: 'detected' });
  const splitReport = await report();
  expect(splitReport.failureDomains.map((d) => d.accountIds.length).sort()).toEqual([1, 4]);
  const saved = JSON.parse(readFileSync(join(temp.dataDir, 'grid.json'), 'utf8')) as { accounts: { name: string; failureDomain?: unknown }[] };
  expect(saved.accounts.find((a) => a.name === 'Local folder 5')?.failureDomain).toEqual({ own: true });

  // Grouped with another account by name: it joins that account's (detected) domain.
  expect((await edit('Local folder 5', '--same-domain-as', 'local folder 2', '--json')).code).toBe(0);
  const joined = (await accounts()).get('Local folder 5')!;
  expect(joined.failureDomain).toMatchObject({ id: detectedId, source: 'user', override: { sameAs: before.get('Local folder 2')!.id } });
  expect((await report()).failureDomains).toHaveLength(1);

  expect((await edit('Local folder 5', '--detected-domain')).code).toBe(0);
  const back = (await accounts()).get('Local folder 5')!;
  expect(back.failureDomain).toMatchObject({ id: detectedId, source: 'detected' });
  expect(back.failureDomain).not.toHaveProperty('override');
});

it('keeps the shared risk of a domain the user set, and the model uses it', async () => {
  const estimated = await report();
  const estimatedShare = (await accounts()).get('Local folder 1')!.failureDomain!.sharedRisk!;
  expect(estimatedShare.lossProbability).toBeLessThan(0.05);

  const set = await edit('Local folder 1', '--domain-loss-probability', '10%', '--domain-availability', '99%');
  expect(set.code).toBe(0);
  expect(set.stdout).toMatch(/domain risk: +10(\.0+)?% a year, 99(\.0+)?% available \(set by you\)/);
  const listed = await accounts();
  // The domain's figures are shared by every account in it.
  for (const name of ['Local folder 1', 'Local folder 4']) expect(listed.get(name)!.failureDomain!.sharedRisk).toEqual({ lossProbability: 0.1, availability: 0.99, setByUser: true });
  const raised = await report();
  expect(raised.anyFileLossProbability).toBeGreaterThan(0.09);
  expect(raised.anyFileLossProbability).toBeGreaterThan(estimated.anyFileLossProbability * 2);
  const saved = JSON.parse(readFileSync(join(temp.dataDir, 'grid.json'), 'utf8')) as { domainRisks: Record<string, unknown> };
  expect(saved.domainRisks[listed.get('Local folder 1')!.failureDomain!.id]).toEqual({ lossProbability: 0.1, availability: 0.99 });

  expect((await edit('Local folder 3', '--domain-loss-probability', 'none', '--domain-availability', 'none')).code).toBe(0);
  expect((await accounts()).get('Local folder 1')!.failureDomain!.sharedRisk).toEqual({ ...estimatedShare, setByUser: false });
  expect((await report()).anyFileLossProbability).toBeCloseTo(estimated.anyFileLossProbability, 12);
});

it('refuses domain flags that make no sense, naming what to do', async () => {
  const unknown = await edit('Local folder 1', '--same-domain-as', 'Nope');
  expect(unknown.code).toBe(1);
  expect(unknown.stderr).toMatch(/there is no account "Nope"; the accounts are: "Local folder 1"/);

  const both = await edit('Local folder 1', '--own-domain', '--detected-domain');
  expect(both.code).toBe(2);
  expect(both.stderr).toMatch(/choose one of --own-domain, --detected-domain/);

  const itself = await edit('Local folder 1', '--same-domain-as', 'Local folder 1');
  expect(itself.code).toBe(1);
  expect(itself.stderr).toMatch(/names "Local folder 1" itself/);

  const badFigure = await edit('Local folder 1', '--domain-loss-probability', 'lots');
  expect(badFigure.code).toBe(2);
  expect(badFigure.stderr).toMatch(/--domain-loss-probability: "lots" is not a number between 0 and 1/);

  // Alone in its domain, an account has no shared part to set.
  expect((await edit('Local folder 2', '--own-domain')).code).toBe(0);
  const alone = await edit('Local folder 2', '--domain-loss-probability', '1%');
  expect(alone.code).toBe(1);
  expect(alone.stderr).toMatch(/shares its disk or login with no other account.*set the account's own figures instead/);

  const help = await runCaptured(account, ['edit', '--help'], { dataDir: temp.dataDir });
  expect(help.code).toBe(0);
  expect(help.stdout).toMatch(/--same-domain-as OTHER \| --own-domain \| --detected-domain/);
  expect(help.stdout).toMatch(/--same-domain-as OTHER says the\s+account is on the same disk or login/);
});
