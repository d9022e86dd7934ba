import { expect, it } from 'vitest';
import { readRetentionDraft, retentionDraftOf } from './retentionDraft';

it('reads whole numbers within the limits and names each field it refuses', () => {
  expect(readRetentionDraft(retentionDraftOf({ trashDays: 30, keepVersions: 10, versionDays: 30 }))).toEqual({
    retention: { trashDays: 30, keepVersions: 10, versionDays: 30 },
    errors: {},
  });
  expect(readRetentionDraft({ trashDays: ' 7 ', keepVersions: '0', versionDays: '0' }).retention).toEqual({ trashDays: 7, keepVersions: 0, versionDays: 0 });
  const bad = readRetentionDraft({ trashDays: '0', keepVersions: '2.5', versionDays: '' });
  expect(bad.retention).toBeUndefined();
  expect(bad.errors).toEqual({
    trashDays: 'Days in the trash: type a whole number from 1 to 3650.',
    keepVersions: 'Versions to keep: type a whole number from 0 to 1000.',
    versionDays: 'Days to keep versions: type a whole number from 0 to 3650.',
  });
  expect(readRetentionDraft({ trashDays: '3651', keepVersions: '1001', versionDays: 'ten' }).errors).toMatchObject({ trashDays: expect.stringMatching(/1 to 3650/) });
});
