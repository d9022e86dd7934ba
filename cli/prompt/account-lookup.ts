/** Finds the account a user means by its name (any case) or id, with errors that list what exists. */
import type { AccountSummary } from '../../shared/api';

export function resolveAccount(accounts: readonly AccountSummary[], nameOrId: string): AccountSummary {
  const byId = accounts.find((account) => account.id === nameOrId);
  if (byId) return byId;
  const wanted = nameOrId.trim().toLowerCase();
  const byName = accounts.filter((account) => account.name.toLowerCase() === wanted);
  if (byName.length === 1) return byName[0]!;
  if (byName.length > 1) {
    throw new Error(`several accounts are called "${nameOrId}"; give the id of one: ${byName.map((a) => `${a.id} (${a.name})`).join(', ')}`);
  }
  if (accounts.length === 0) throw new Error(`there is no account "${nameOrId}": this grid has no accounts yet (add one with raic account add)`);
  throw new Error(`there is no account "${nameOrId}"; the accounts are: ${accounts.map((a) => `"${a.name}"`).join(', ')}`);
}
