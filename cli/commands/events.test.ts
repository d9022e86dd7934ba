import { expect, it } from 'vitest';
import { runCaptured, useTempRoot } from '../test-support/run-captured';
import { run as events } from './events';

const temp = useTempRoot('events');

it('lists events as JSON, and explains bad filters', async () => {
  const json = await runCaptured(events, ['--json', '--limit', '10'], { dataDir: temp.dataDir });
  expect(json.code).toBe(0);
  expect(Array.isArray(JSON.parse(json.stdout))).toBe(true);
  const badSeverity = await runCaptured(events, ['--severity', 'loud'], { dataDir: temp.dataDir });
  expect(badSeverity.code).toBe(1);
  expect(badSeverity.stderr).toMatch(/^raic events: severity: /);
  const badLimit = await runCaptured(events, ['--limit', 'many'], { dataDir: temp.dataDir });
  expect(badLimit.code).toBe(2);
  expect(badLimit.stderr).toMatch(/--limit: "many" is not a whole number\nusage: raic events/);
  const badAccount = await runCaptured(events, ['--account', 'Nowhere'], { dataDir: temp.dataDir });
  expect(badAccount.stderr).toMatch(/there is no account "Nowhere"/);
});
