/**
 * The retention form as typed (strings) and read back: whole numbers within
 * the limits the service takes (shared/trash-schemas.ts), each refusal saying
 * what to type instead.
 */
import type { Retention } from '../../../../shared/api';

export type RetentionDraft = Record<keyof Retention, string>;
export type RetentionErrors = Partial<Record<keyof Retention, string>>;

const LIMITS: Record<keyof Retention, { min: number; max: number; what: string }> = {
  trashDays: { min: 1, max: 3650, what: 'Days in the trash' },
  keepVersions: { min: 0, max: 1000, what: 'Versions to keep' },
  versionDays: { min: 0, max: 3650, what: 'Days to keep versions' },
};

export function retentionDraftOf(retention: Retention): RetentionDraft {
  return { trashDays: String(retention.trashDays), keepVersions: String(retention.keepVersions), versionDays: String(retention.versionDays) };
}

export function readRetentionDraft(draft: RetentionDraft): { retention?: Retention; errors: RetentionErrors } {
  const errors: RetentionErrors = {};
  const retention: Partial<Retention> = {};
  for (const key of Object.keys(LIMITS) as (keyof Retention)[]) {
    const { min, max, what } = LIMITS[key];
    const text = draft[key].trim();
    const value = Number(text);
    if (text === '' || !Number.isInteger(value) || value < min || value > max) errors[key] = `${what}: type a whole number from ${min} to ${max}.`;
    else retention[key] = value;
  }
  return Object.keys(errors).length > 0 ? { errors } : { retention: retention as Retention, errors };
}
