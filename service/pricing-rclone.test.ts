/** Consumer clouds behind rclone get their own risk figures and price keys, by remote type. */
import { describe, expect, it } from 'vitest';
import { accountRiskOf, priceOf } from './pricing';
import { priceKeyOf } from './accounts/backend-settings';
import type { AccountConfig } from './grid-config';

const account = (remoteType: string): AccountConfig =>
  ({ id: remoteType, name: remoteType, provider: 'rclone', enabled: true, settings: { remoteType }, secretFields: [], createdAt: 0 }) as unknown as AccountConfig;

describe('rclone risk defaults', () => {
  it('rates consumer clouds riskier than a large object store, and falls back for unknown types', () => {
    expect(accountRiskOf(account('drive'))).toEqual({ lossProbability: 0.015, availability: 0.995 });
    expect(accountRiskOf(account('yandex'))).toEqual({ lossProbability: 0.03, availability: 0.98 });
    expect(accountRiskOf(account('local'))).toEqual({ lossProbability: 0.03, availability: 0.99 });
    expect(accountRiskOf(account('seafile'))).toEqual({ lossProbability: 0.02, availability: 0.99 });
    const s3 = { ...account('x'), provider: 's3', settings: { preset: 'aws' } } as unknown as AccountConfig;
    expect(accountRiskOf(account('onedrive')).lossProbability).toBeGreaterThan(accountRiskOf(s3).lossProbability);
  });

  it('keys prices by remote type, so a user can price Google Drive apart from OneDrive', () => {
    expect(priceKeyOf(account('drive'))).toBe('rclone:drive');
    expect(priceOf(account('drive'), { 'rclone:drive': { storagePerGBMonth: 0.02, currency: 'USD' } })).toEqual({ storagePerGBMonth: 0.02, currency: 'USD' });
    expect(priceOf(account('seafile'), {})).toEqual({ storagePerGBMonth: 0, currency: 'USD' });
  });
});
