import { expect, it } from 'vitest';
import type { Usage } from '../../shared/api';
import { runCaptured, useTempRoot } from '../test-support/run-captured';
import { run as usage } from './usage';

const temp = useTempRoot('usage');

it('prints usage per account with totals, or the API object with --json', async () => {
  const json = await runCaptured(usage, ['--json'], { dataDir: temp.dataDir });
  expect(json.code).toBe(0);
  const parsed = JSON.parse(json.stdout) as Usage;
  expect(Object.keys(parsed)).toEqual(expect.arrayContaining(['accounts', 'prices', 'totals']));
  expect(Object.keys(parsed.totals)).toEqual(expect.arrayContaining(['bytesStored', 'currency', 'fileBytes', 'monthlyCost', 'overhead']));
  expect(parsed.accounts[0]).toMatchObject({ bytesStored: 0, shareCount: 0, monthlyCost: 0 });

  const text = await runCaptured(usage, [], { dataDir: temp.dataDir });
  expect(text.code).toBe(0);
  expect(text.stdout).toMatch(/^ACCOUNT +STORED +SHARES +FILES +QUOTA +FREE +LIMIT +COST\/MONTH\n/);
  expect(text.stdout).toMatch(/\ntotal: 0 B stored for 0 B of files \(overhead \d+\.\d\dx\), 0\.00 \w+ a month\n$/);
});
