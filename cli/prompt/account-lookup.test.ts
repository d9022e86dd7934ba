import { expect, it } from 'vitest';
import type { AccountSummary } from '../../shared/api';
import { resolveAccount } from './account-lookup';

const account = (id: string, name: string): AccountSummary =>
  ({ id, name, provider: 'local', type: 'local', location: '/x', status: 'online', bytesUsed: 0, shareCount: 0, settings: {}, storedSecrets: [], lossProbability: 0, availability: 1, sharing: { enabled: false, port: null, nurl: null, serversYaml: null, problem: null } }) as AccountSummary;

it('finds accounts by id or by name in any case, and lists the names when it cannot', () => {
  const accounts = [account('a1', 'USB'), account('b2', 'Backblaze'), account('c3', 'backblaze')];
  expect(resolveAccount(accounts, 'a1').name).toBe('USB');
  expect(resolveAccount(accounts, 'usb').id).toBe('a1');
  expect(() => resolveAccount(accounts, 'BACKBLAZE')).toThrow('several accounts are called "BACKBLAZE"; give the id of one: b2 (Backblaze), c3 (backblaze)');
  expect(() => resolveAccount(accounts, 'Dropbox')).toThrow('there is no account "Dropbox"; the accounts are: "USB", "Backblaze", "backblaze"');
  expect(() => resolveAccount([], 'USB')).toThrow(/this grid has no accounts yet/);
});
